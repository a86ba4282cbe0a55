package dev.aurorarefresh.cli;

import dev.aurorarefresh.testing.FaultProxy;
import dev.aurorarefresh.testing.JarRunner;
import dev.aurorarefresh.testing.MotoAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Not a test but a measurement, run by scripts/bench-fleet.sh (its name keeps it out of the
 * suite). Everything goes through the strict twin in front of moto, under the role policy of the
 * fleet's pipelines (as `iam-policy --config` generates it). Prints figures, asserts nothing:
 * <ul>
 * <li>AWS calls of a no-op fleet pass of N pipelines on one source vs N separate runs (goal 2 + 2N);
 * <li>wall time of 6 pipelines whose record change takes 2 s vs one pipeline (goal about 1.5x);
 * <li>20 pipelines through the packaged jar in -Xmx64m: exit code, wall time, peak RSS.
 * </ul>
 */
class FleetBench {
    MotoAccount aws;
    String zoneId;
    /**
     * Passes on a fake clock (waits take no time): to set pipelines up, and for the wall-time figure.
     * One per account: its passes share reads (the zone's id among them), as one process's do.
     */
    Wiring fakeClock;

    /**
     * The production passes as Wiring builds them, only the clients on moto: a new one per run, as
     * each run is a process of its own (a Wiring's passes share reads).
     */
    Wiring production() {
        return new InProcessCli.MotoClients(() -> aws);
    }

    int run(Wiring wiring, String... args) {
        return InProcessCli.run(wiring, Map.of("AURORA_REFRESH_PROBE_TCP", "false"), args).exitCode();
    }

    void account() {
        aws = MotoAccount.fresh();
        aws.createSource("prod-db", "aurora-mysql");
        zoneId = aws.createZone("example.internal");
        fakeClock = new InProcessCli.MotoWiring(() -> aws);
    }

    static List<String> names(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> String.format("p%02d", i)).toList();
    }

    /** The fleet file of {@code n} pipelines; their role's policy is put in force. */
    Path file(int n) throws IOException {
        Path f = Files.createTempFile("fleet", ".yaml");
        Files.writeString(f, "defaults:\n  source-cluster: prod-db\n  hosted-zone: example.internal\npipelines:\n"
                + names(n).stream().map(p -> "  - pipeline: " + p + "\n    clone-prefix: " + p + "\n    record: " + p
                        + ".example.internal\n").collect(Collectors.joining()));
        aws.twin.enforcePolicyOf(Parsing.fleet(Files.readString(f), Map.of()), zoneId);
        return f;
    }

    @Test
    void callsOfANoOpFleetPass() throws IOException {
        System.out.println("fleet-calls | N | fleet no-op pass | N separate no-op runs | goal 2+2N | exit");
        for (int n : List.of(1, 2, 6, 20)) {
            account();
            String f = file(n).toString();
            run(fakeClock, "run", "--config", f, "--parallel", "8");
            aws.calls.reset();
            int exit = run(production(), "run", "--config", f);
            long fleet = aws.calls.total();
            long separate = 0;
            for (String p : names(n)) {
                aws.calls.reset();
                exit = Math.max(exit, run(production(), "run", "--config", f, "--only", p));
                separate += aws.calls.total();
            }
            System.out.printf("fleet-calls | %d | %d | %d | %d | %d%n", n, fleet, separate, 2 + 2 * n, exit);
        }
    }

    @Test
    void wallTimeWhenEveryRecordChangeTakesTwoSeconds() throws IOException {
        System.out.println("fleet-wall | pipelines | --parallel | wall s | ratio to 1 pipeline | exit");
        double one = 0;
        for (int[] c : new int[][] {{1, 1}, {6, 4}, {6, 6}}) {
            account();
            aws.proxy.delay(Duration.ofSeconds(2)).inject("ChangeResourceRecordSets", FaultProxy.Fault.DELAY, c[0]);
            String f = file(c[0]).toString();
            long start = System.nanoTime();
            int exit = run(fakeClock, "run", "--config", f, "--parallel", String.valueOf(c[1]));
            double wall = (System.nanoTime() - start) / 1e9;
            one = c[0] == 1 ? wall : one;
            System.out.printf("fleet-wall | %d | %d | %.1f | %.2f | %d%n", c[0], c[1], wall, wall / one, exit);
        }
    }

    @Test
    void twentyPipelinesInSixtyFourMegabytesOfHeap() throws Exception {
        System.out.println("fleet-memory | pipelines | --parallel | -Xmx | exit | wall s | peak RSS MB | OutOfMemoryError");
        for (String parallel : List.of("4", "20")) {
            account();
            aws.twin.forRealTimeRuns();
            Path f = file(20);
            long start = System.nanoTime();
            Process p = JarRunner.against(aws.endpoint()).jvm("-Xmx64m").start("run", "--config", f.toString(),
                    "--parallel", parallel);
            long peakKb = 0;
            for (int i = 0; i < 3000 && p.isAlive(); i++) { // at most 5 minutes
                peakKb = Math.max(peakKb, vmHwmKb(p.pid()));
                Thread.sleep(100);
            }
            JarRunner.Result r = JarRunner.finish(p);
            System.out.printf("fleet-memory | 20 | %s | 64m | %d | %.1f | %d | %s%n", parallel, r.exitCode(),
                    (System.nanoTime() - start) / 1e9, peakKb / 1024, r.stderr().contains("OutOfMemoryError") ? "yes" : "no");
            r.stdout().lines().filter(l -> l.startsWith("fleet:")).forEach(l -> System.out.println("fleet-memory | " + l));
        }
    }

    private static long vmHwmKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
        } catch (IOException e) {
            return 0; // the process has just ended
        }
    }
}
