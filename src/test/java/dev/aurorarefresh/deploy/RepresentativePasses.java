package dev.aurorarefresh.deploy;

import dev.aurorarefresh.cli.PipelineOptions;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.deploy.IamPolicy.Authorization;
import dev.aurorarefresh.pass.Observer;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.ReadinessCheck;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.MotoAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * The passes an IAM policy is checked against, run against moto for one pipeline while
 * {@link IamRequests} writes down every authorization AWS would make: a first pass, a no-op pass
 * with the zone given by id, a dry run and the next day's pass that replaces a deletion-protected
 * clone (cleaning it with a final snapshot when the pipeline takes one), then what status observes.
 * (IamPolicyTest: iam/policy.json; TerraformModuleTest: the policies the Terraform module generates.)
 */
final class RepresentativePasses {
    static final String ACCOUNT = "123456789012";

    /** The reports of the four passes and the authorizations they needed. */
    record Recorded(List<PassReport> reports, List<Authorization> authorizations, List<String> operations) {
    }

    private RepresentativePasses() {
    }

    /** A fresh moto account whose counted clients report every request to {@code requests}. */
    static MotoAccount account(IamRequests[] requests) {
        MotoAccount[] account = new MotoAccount[1];
        requests[0] = new IamRequests(MotoAccount.REGION, ACCOUNT, arn -> tagsOf(account[0], arn));
        return account[0] = MotoAccount.fresh(requests[0]);
    }

    /**
     * Runs the passes of the pipeline {@code options} define (without zone options) in zone
     * {@code zoneName} / {@code zoneId}; the clock starts at 2026-01-01 03:00 UTC. With a
     * {@code monitoringRole} (else null), the first clone's instances get enhanced monitoring with it.
     */
    static Recorded run(MotoAccount moto, IamRequests requests, String zoneName, String zoneId, boolean finalSnapshot,
            String monitoringRole, String... options) {
        int seenBefore = requests.seen.size();
        int operationsBefore = requests.operations.size();
        FakeClock clock = new FakeClock(Instant.parse("2026-01-01T03:00:00Z"));
        RefreshPass pass = new RefreshPass(moto.rdsPort(), moto.dnsPort(), ReadinessCheck.AVAILABLE_IS_READY, clock, clock,
                new Random(7));
        String[] byName = {"--hosted-zone", zoneName};
        String[] byId = {"--hosted-zone-id", zoneId};
        List<PassReport> reports = new ArrayList<>();
        String[] monitoring = monitoringRole == null ? new String[0]
                : new String[] {"--monitoring-interval", "60", "--monitoring-role-arn", monitoringRole};
        reports.add(pass.run(pipeline(options, byName, concat(monitoring, "--deletion-protection")), Step.ALL, false));
        reports.add(pass.run(pipeline(options, byId, "--deletion-protection"), Step.ALL, false));
        clock.advance(Duration.ofDays(1));
        reports.add(pass.run(pipeline(options, byName, "--deletion-protection"), Step.ALL, true));
        reports.add(pass.run(pipeline(options, byName, "--deletion-protection", "--final-snapshot=" + finalSnapshot),
                Step.ALL, false));
        Pipeline status = pipeline(options, byName);
        Observer observer = new Observer(moto.rdsPort(), moto.dnsPort());
        observer.observe(status, observer.resolveZone(status));
        return new Recorded(reports, List.copyOf(requests.seen.subList(seenBefore, requests.seen.size())),
                List.copyOf(requests.operations.subList(operationsBefore, requests.operations.size())));
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

    private static Map<String, String> tagsOf(MotoAccount account, String arn) {
        Map<String, String> tags = new LinkedHashMap<>();
        String id = arn.substring(arn.lastIndexOf(':') + 1);
        try {
            if (arn.contains(":cluster:")) {
                account.seedRds.describeDBClusters(r -> r.dbClusterIdentifier(id)).dbClusters()
                        .forEach(c -> c.tagList().forEach(t -> tags.put(t.key(), t.value())));
            } else if (arn.contains(":db:")) {
                account.seedRds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances()
                        .forEach(i -> i.tagList().forEach(t -> tags.put(t.key(), t.value())));
            }
        } catch (DbClusterNotFoundException | DbInstanceNotFoundException gone) {
            // a resource that does not exist has no tags
        }
        return tags;
    }
}
