package dev.aurorarefresh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.ServerlessScaling;
import dev.aurorarefresh.pass.ConfigurationException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** --serverless-capacity and --auto-pause-after: parsed, or one line naming the bad value and exit code 2. */
class ServerlessOptionsTest {
    private static final String[] REQUIRED = {"--source-cluster", "prod-db", "--hosted-zone", "example.internal",
            "--record", "dev-db.example.internal"};

    private static Pipeline parse(Map<String, String> env, String... args) {
        PipelineOptions options = new PipelineOptions();
        CommandLine cl = new CommandLine(options).setDefaultValueProvider(new EnvDefaults(env));
        cl.parseArgs(concat(args));
        return options.toPipeline();
    }

    private static String[] concat(String... args) {
        String[] all = new String[REQUIRED.length + args.length];
        System.arraycopy(REQUIRED, 0, all, 0, REQUIRED.length);
        System.arraycopy(args, 0, all, REQUIRED.length, args.length);
        return all;
    }

    @Test
    void aRangeAndAPauseGiveTheScaling() {
        Pipeline p = parse(Map.of(), "--serverless-capacity", "0-4", "--auto-pause-after", "10m");
        assertThat(p.settings().serverlessV2()).contains(new ServerlessScaling(0, 4, Optional.of(600)));
        assertThat(parse(Map.of()).settings().serverlessV2()).as("unset: the source's").isEmpty();
    }

    @Test
    void bothCanComeFromTheEnvironment() {
        Pipeline p = parse(Map.of("AURORA_REFRESH_SERVERLESS_CAPACITY", "0.5-16", "AURORA_REFRESH_AUTO_PAUSE_AFTER", "PT1H"),
                "--serverless-capacity", "0-16");
        assertThat(p.settings().serverlessV2()).contains(new ServerlessScaling(0, 16, Optional.of(3600)));
    }

    @Test
    void autoPauseWithoutMinimumZeroIsOneLine() {
        assertThatThrownBy(() -> parse(Map.of(), "--serverless-capacity", "0.5-4", "--auto-pause-after", "10m"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("--auto-pause-after: '10m00s' only pauses an instance whose minimum is 0 ACUs")
                .hasMessageContaining("0.5-4 ACU").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> parse(Map.of(), "--auto-pause-after", "10m"))
                .hasMessageContaining("--serverless-capacity is not set");
    }

    @ParameterizedTest
    @CsvSource({"--serverless-capacity,0-300", "--serverless-capacity,4-2", "--serverless-capacity,0.3-4",
            "--serverless-capacity,0-0", "--serverless-capacity,four", "--auto-pause-after,4m",
            "--auto-pause-after,25h", "--auto-pause-after,soon"})
    void aBadValueIsOneLineWithExitTwo(String option, String value) {
        CommandLine cl = new CommandLine(new PipelineOptions());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("aurora-refresh: invalid usage: " + e.getMessage());
            return 2;
        });
        int exit = cl.execute(concat(option, value));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains(option).contains("'" + value + "' is not valid; use ")
                .contains(option.equals("--auto-pause-after") ? "5m to 1d" : "MIN from 0 to 256, MAX from 1 to 256");
    }
}
