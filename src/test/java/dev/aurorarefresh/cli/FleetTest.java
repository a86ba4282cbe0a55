package dev.aurorarefresh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.RecordTarget;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Where each value of a fleet pipeline comes from: command line > the pipeline's entry > the
 * file's defaults > AURORA_REFRESH_* > the built-in default, each layer tested against the next.
 * And a pipeline whose pass throws does not stop the others.
 */
class FleetTest {
    final Map<String, String> env = new HashMap<>();

    private List<Pipeline> resolve(String yaml, String... args) {
        CommandLine top = new CommandLine(new AuroraRefreshCommand()).setDefaultValueProvider(new EnvDefaults(env));
        String[] all = new String[args.length + 1];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine.ParseResult run = top.parseArgs(all).subcommand();
        return Fleet.resolve(FleetFile.parse("fleet.yaml", yaml), run, new EnvDefaults(env), List.of(), false).members()
                .stream().map(Fleet.Member::pipeline).toList();
    }

    /** Pipeline a sets ttl in its entry; b leaves it to the layers below. */
    private static String file(String defaults) {
        return """
                defaults:
                  source-cluster: prod-db
                  hosted-zone: example.internal
                %s
                pipelines:
                  - pipeline: a
                    clone-prefix: a
                    record: a.example.internal
                    ttl: 10
                  - pipeline: b
                    clone-prefix: b
                    record: b.example.internal
                """.formatted(defaults);
    }

    private static long ttl(Pipeline p) {
        return p.record().ttl();
    }

    @Test
    void eachLayerBeatsTheNext() {
        assertThat(resolve(file(""))).extracting(FleetTest::ttl).as("entry > built-in 60").containsExactly(10L, 60L);
        env.put("AURORA_REFRESH_TTL", "30");
        assertThat(resolve(file(""))).extracting(FleetTest::ttl).as("entry > environment > built-in").containsExactly(10L, 30L);
        assertThat(resolve(file("  ttl: 20"))).extracting(FleetTest::ttl).as("entry > defaults > environment")
                .containsExactly(10L, 20L);
        assertThat(resolve(file("  ttl: 20"), "--ttl", "5")).extracting(FleetTest::ttl).as("command line > all")
                .containsExactly(5L, 5L);
    }

    @Test
    void aPipelineMayKeepProductionsMasterPasswordAndAnotherNameItsSecretsKey() {
        // master-password is a mode (managed, keep), not a password: the file may set it
        List<Pipeline> ps = resolve(file("").replace("    ttl: 10", "    ttl: 10\n    master-password: keep")
                .replace("    record: b.example.internal", "    record: b.example.internal\n    master-user-secret-kms-key-id: alias/dev-secrets"));
        assertThat(ps.get(0).settings().masterPassword()).isEqualTo(dev.aurorarefresh.core.MasterPassword.KEEP);
        assertThat(ps.get(1).settings().masterPassword()).isEqualTo(dev.aurorarefresh.core.MasterPassword.MANAGED);
        assertThat(ps.get(1).settings().masterUserSecretKmsKeyId()).contains("alias/dev-secrets");
    }

    @Test
    void theZoneByNameOrIdIsDecidedByTheHighestLayerThatGivesEither() {
        env.put("AURORA_REFRESH_HOSTED_ZONE_ID", "Z123");
        List<Pipeline> ps = resolve(file(""));
        assertThat(ps).extracting(p -> p.record().zone()).containsOnly(new RecordTarget.ZoneRef("example.internal", false));
        assertThat(resolve(file(""), "--hosted-zone-id", "Z9")).extracting(p -> p.record().zone())
                .containsOnly(new RecordTarget.ZoneRef("Z9", true));
    }

    @Test
    void aFlagOnTheCommandLineAndListsInTheFileReadAsOnTheCommandLine() {
        String yaml = file("  vpc-security-group-ids: [sg-0123456789abcdef0, sg-0123456789abcdef1]");
        List<Pipeline> ps = resolve(yaml, "--deletion-protection", "--wait-timeout", "2h");
        assertThat(ps).allSatisfy(p -> {
            assertThat(p.settings().deletionProtection()).isTrue();
            assertThat(p.waitTimeout()).isEqualTo(Duration.ofHours(2));
            assertThat(p.settings().vpcSecurityGroupIds()).contains(List.of("sg-0123456789abcdef0", "sg-0123456789abcdef1"));
        });
    }

    @Test
    void aPipelineWhoseTaskThrowsFailsAloneInItsOwnResult() {
        List<Fleet.Member> members = resolve(file("")).stream().map(p -> new Fleet.Member(p, null)).toList();
        List<String> results = FleetRun.each(members, 2, m -> {
            if (m.name().equals("a")) {
                throw new IllegalStateException("boom");
            }
            return m.name() + " ok";
        }, (m, e) -> m.name() + " crashed: " + e.getMessage());
        assertThat(results).containsExactly("a crashed: boom", "b ok");
    }
}
