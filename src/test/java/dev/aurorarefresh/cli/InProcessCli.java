package dev.aurorarefresh.cli;

import dev.aurorarefresh.aws.AwsCallRecorder;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.pass.SharedReads;
import dev.aurorarefresh.port.DnsPort;
import dev.aurorarefresh.port.RdsPort;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.probe.ProbeSettings;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.MotoAccount;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The commands in-process, as the jar runs them (same error handlers, environment defaults and
 * streams), with the AWS side of the wiring pointed at a moto account.
 */
final class InProcessCli {
    static final Instant NOW = Instant.parse("2026-11-25T03:00:00Z");

    private InProcessCli() {
    }

    record Result(int exitCode, String stdout, String stderr) {
        List<String> errorLines() {
            return stderr.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** The production passes (Wiring's own), their clients on moto. */
    static class MotoClients extends Wiring {
        final Supplier<MotoAccount> aws;

        MotoClients(Supplier<MotoAccount> aws) {
            this.aws = aws;
        }

        @Override
        public RdsPort rds() {
            return aws.get().rdsPort();
        }

        @Override
        public DnsPort dns() {
            return aws.get().dnsPort();
        }

        @Override
        public AwsCallRecorder calls() {
            return aws.get().calls;
        }
    }

    /**
     * Passes on a fake clock at {@link #NOW} that also sleeps, every clone ready once available;
     * they share reads as the production passes of one process do.
     */
    static class MotoWiring extends MotoClients {
        private final SharedReads shared = new SharedReads();

        MotoWiring(Supplier<MotoAccount> aws) {
            super(aws);
        }

        @Override
        public RefreshPass pass(ProbeSettings probeSettings) {
            FakeClock clock = new FakeClock(NOW);
            return new RefreshPass(rds(), dns(), ReadinessCheck.AVAILABLE_IS_READY, clock, clock, new Random(1), shared,
                    secrets());
        }

        /** Secrets Manager through the twin, as the code under test's. */
        @Override
        public dev.aurorarefresh.port.SecretSource secrets() {
            return arn -> new dev.aurorarefresh.aws.SecretsManagerLogins(aws.get().secretsManager()).read(arn);
        }

        @Override
        public RefreshPass operatorPass() {
            return pass(null);
        }
    }

    static Result run(Wiring wiring, Map<String, String> env, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K made = CommandLine.defaultFactory().create(cls);
                if (made instanceof PassCommand pass) {
                    pass.wiring = wiring;
                } else if (made instanceof StatusCommand status) {
                    status.wiring = wiring;
                }
                return made;
            }
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CommandLineSetup.configure(new CommandLine(new AuroraRefreshCommand(), factory), env);
        cl.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
