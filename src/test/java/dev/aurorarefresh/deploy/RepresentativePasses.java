package dev.aurorarefresh.deploy;

import dev.aurorarefresh.cli.PipelineOptions;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.pass.Observer;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.core.OperatorPlans;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.FaultProxy;
import dev.aurorarefresh.testing.IamPolicy.Authorization;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.StrictTwin;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import picocli.CommandLine;

/**
 * The passes an IAM policy is checked against, run through the strict twin for one pipeline
 * while the twin keeps every authorization AWS would make (enforcing whatever policy the caller
 * put in force, or none): a first pass, a no-op pass with the zone given by id, a dry run and the
 * next day's pass that replaces a deletion-protected clone (cleaning it with a final snapshot when
 * the pipeline takes one), a day later a pass that keeps the replaced clone (--keep-replaced-for),
 * hold, release and a rollback to it, then what status observes.
 * (IamPolicyTest: iam/policy.json; TerraformModuleTest: the policies the Terraform module generates.)
 */
final class RepresentativePasses {
    static final String ACCOUNT = StrictTwin.ACCOUNT;

    /** The reports of the passes and operator commands, the authorizations they needed and the operations they sent (wire names). */
    record Recorded(List<PassReport> reports, List<Authorization> authorizations, List<String> operations) {
    }

    private RepresentativePasses() {
    }

    /**
     * Runs the passes of the pipeline {@code options} define (without zone options) in zone
     * {@code zoneName} / {@code zoneId}; the clock starts at 2026-01-01 03:00 UTC. With a
     * {@code monitoringRole} (else null), the first clone's instances get enhanced monitoring with it.
     * The twin must record authorizations ({@link StrictTwin#enforcePolicy} or {@link StrictTwin#recordAuthorizations}).
     */
    static Recorded run(MotoAccount moto, String zoneName, String zoneId, boolean finalSnapshot,
            String monitoringRole, String... options) {
        int seenBefore = moto.twin.authorizations().size();
        int operationsBefore = moto.proxy.requests().size();
        FakeClock clock = new FakeClock(Instant.parse("2026-01-01T03:00:00Z"));
        RefreshPass pass = new RefreshPass(moto.rdsPort(), moto.dnsPort(), ReadinessCheck.AVAILABLE_IS_READY, clock, clock,
                new Random(7));
        String[] byName = {"--hosted-zone", zoneName};
        String[] byId = {"--hosted-zone-id", zoneId};
        List<PassReport> reports = new ArrayList<>();
        String[] monitoring = monitoringRole == null ? new String[0]
                : new String[] {"--monitoring-interval", "60", "--monitoring-role-arn", monitoringRole};
        // its tags are copied to its final snapshot (CopyTagsToSnapshot): the day-3 clean may then delete that snapshot
        reports.add(pass.run(pipeline(options, byName, concat(monitoring, "--deletion-protection", "--copy-tags-to-snapshot", "true")),
                Step.ALL, false));
        reports.add(pass.run(pipeline(options, byId, "--deletion-protection"), Step.ALL, false));
        clock.advance(Duration.ofDays(1));
        reports.add(pass.run(pipeline(options, byName, "--deletion-protection"), Step.ALL, true));
        reports.add(pass.run(pipeline(options, byName, "--deletion-protection", "--final-snapshot=" + finalSnapshot),
                Step.ALL, false));
        // the operators' commands: a replaced clone kept by its grace period, hold, release, roll back to it
        clock.advance(Duration.ofDays(1));
        // keeping no final snapshot: the clean lists them and deletes the day-2 one (with --final-snapshot)
        Pipeline graceful = pipeline(options, byName, "--keep-replaced-for", "2h", "--final-snapshot=" + finalSnapshot,
                "--final-snapshot-retain", "0");
        reports.add(pass.run(graceful, Step.ALL, false));
        reports.add(pass.operate(graceful, obs -> OperatorPlans.hold(graceful, obs, clock.instant(), "QA cycle"), false));
        reports.add(pass.operate(graceful, obs -> OperatorPlans.release(graceful, obs), false));
        reports.add(pass.operate(graceful, obs -> OperatorPlans.rollback(graceful, obs, clock.instant(), Optional.empty()), false));
        // an auto-pausing Serverless v2 clone: the engine-version check asks RDS (DescribeDBEngineVersions)
        reports.add(pass.run(pipeline(options, byName, "--serverless-capacity", "0-4"), Step.ALL, true));
        Pipeline status = pipeline(options, byName);
        Observer.forRun(moto.rdsPort(), moto.dnsPort(), status).observe();
        List<Authorization> seen = moto.twin.authorizations();
        List<FaultProxy.Request> requests = moto.proxy.requests();
        return new Recorded(reports, List.copyOf(seen.subList(seenBefore, seen.size())),
                requests.subList(operationsBefore, requests.size()).stream().map(FaultProxy.Request::operation).toList());
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static Pipeline pipeline(String[] options, String[] zone, String... extra) {
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of(zone));
        args.addAll(List.of(extra));
        PipelineOptions parsed = new PipelineOptions();
        new CommandLine(parsed).parseArgs(args.toArray(String[]::new));
        return parsed.toPipeline();
    }
}
