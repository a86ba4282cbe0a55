package dev.aurorarefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.cli.PipelineOptions;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.testing.IamPolicy;
import dev.aurorarefresh.testing.IamPolicy.Authorization;
import dev.aurorarefresh.testing.IamPolicy.Decision;
import dev.aurorarefresh.pass.Observer;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.ReadinessCheck;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.FaultProxy;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.StrictTwin;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * iam/policy.json against what the code really does: representative passes run through the
 * strict twin, which turns every request into the IAM authorizations AWS would make for it and
 * refuses it unless the policy allows each one; the policy must allow no action the code never needs.
 */
class IamPolicyTest {
    static final Path POLICY = Path.of("iam/policy.json");
    static final String EXAMPLE_ZONE_ID = "Z0123456789EXAMPLE";
    static final String ACCOUNT = "123456789012";

    static MotoAccount moto;
    static IamPolicy policy;
    static String zoneId;
    static final List<PassReport> reports = new ArrayList<>();

    @BeforeAll
    static void runRepresentativePasses() {
        moto = MotoAccount.fresh();
        moto.createSource("prod-db", "aurora-postgresql");
        zoneId = moto.createZone("example.internal");
        // The policy's example values are this account's, but for the zone id, which moto chooses.
        policy = IamPolicy.load(POLICY, Map.of(EXAMPLE_ZONE_ID, zoneId));
        // the strict twin authorizes every request against the same policy, and keeps what it needed
        moto.twin.enforcePolicy(new StrictTwin.PolicyFill("dev", "prod-db", "dev", "dev-db.example.internal", zoneId));

        FakeClock clock = new FakeClock(Instant.parse("2026-01-01T03:00:00Z"));
        RefreshPass pass = new RefreshPass(moto.rdsPort(), moto.dnsPort(), ReadinessCheck.AVAILABLE_IS_READY, clock, clock,
                new Random(7));
        String[] byName = {"--hosted-zone", "example.internal"};
        String[] byId = {"--hosted-zone-id", zoneId};
        // first pass, then a no-op pass (zone given by id), a dry run and the next day's pass that
        // replaces a deletion-protected clone and cleans it with a final snapshot
        reports.add(pass.run(pipeline(byName, "--deletion-protection"), Step.ALL, false));
        reports.add(pass.run(pipeline(byId, "--deletion-protection"), Step.ALL, false));
        clock.advance(Duration.ofDays(1));
        reports.add(pass.run(pipeline(byName, "--deletion-protection"), Step.ALL, true));
        reports.add(pass.run(pipeline(byName, "--deletion-protection", "--final-snapshot"), Step.ALL, false));
        // status reads what a pass observes
        Pipeline status = pipeline(byName);
        Observer observer = new Observer(moto.rdsPort(), moto.dnsPort());
        observer.observe(status, observer.resolveZone(status));
    }

    static Pipeline pipeline(String[] zone, String... extra) {
        PipelineOptions options = new PipelineOptions();
        List<String> args = new ArrayList<>(List.of("--source-cluster", "prod-db", "--clone-prefix", "dev",
                "--record", "dev-db.example.internal"));
        args.addAll(List.of(zone));
        args.addAll(List.of(extra));
        new CommandLine(options).parseArgs(args.toArray(String[]::new));
        return options.toPipeline();
    }

    @Test
    void thePassesDidWhatTheyShould() {
        assertThat(reports).extracting(PassReport::outcome).containsExactly(PassReport.Outcome.DONE,
                PassReport.Outcome.NOTHING_TO_DO, PassReport.Outcome.DONE, PassReport.Outcome.DONE);
        assertThat(moto.clusterExists("dev-20260101")).as("yesterday's protected clone was cleaned").isFalse();
        assertThat(moto.recordValue(zoneId, "dev-db.example.internal")).isEqualTo(moto.cluster("dev-20260102").endpoint());
        // every AWS operation the adapters use was exercised, so the check below covers the code
        assertThat(new TreeSet<>(moto.proxy.requests().stream().map(FaultProxy.Request::operation).toList()))
                .containsExactlyInAnyOrder("AddTagsToResource", "ChangeResourceRecordSets",
                "CreateDBInstance", "DeleteDBCluster", "DeleteDBInstance", "DescribeDBClusters", "DescribeDBInstances",
                "GetChange", "GetHostedZone", "ListHostedZonesByName", "ListResourceRecordSets", "ModifyDBCluster",
                "RestoreDBClusterToPointInTime");
    }

    @Test
    void everyAuthorizationTheCodeNeedsIsAllowed() {
        assertThat(moto.twin.refusals(StrictTwin.Rule.IAM)).as("requests the twin answered AccessDenied").isEmpty();
        List<String> refused = moto.twin.authorizations().stream().filter(a -> policy.evaluate(a) != Decision.ALLOW)
                .map(a -> policy.evaluate(a) + ": " + a).distinct().toList();
        assertThat(refused).isEmpty();
        assertThat(moto.twin.authorizations()).extracting(Authorization::resource)
                .contains("arn:aws:rds:us-east-1:" + ACCOUNT + ":cluster-snapshot:dev-20260101-final");
    }

    @Test
    void thePolicyAllowsNoActionTheCodeNeverNeeds() {
        Set<String> needed = new TreeSet<>(moto.twin.authorizations().stream().map(Authorization::action).toList());
        assertThat(new TreeSet<>(policy.allowedActions())).isEqualTo(needed);
    }

    @Test
    void thePolicyRefusesWhatThePipelineMustNeverDo() {
        String cluster = "arn:aws:rds:us-east-1:" + ACCOUNT + ":cluster:";
        Map<String, List<String>> ours = Map.of("aws:ResourceTag/aurora-refresh:pipeline", List.of("dev"));
        // the source, even if someone tagged it as ours
        assertThat(policy.evaluate(new Authorization("rds:DeleteDBCluster", cluster + "prod-db", ours)))
                .isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(policy.evaluate(new Authorization("rds:ModifyDBCluster", cluster + "prod-db", ours)))
                .isEqualTo(Decision.EXPLICIT_DENY);
        // a cluster with our prefix that another pipeline (or nobody) owns
        assertThat(policy.evaluate(new Authorization("rds:DeleteDBCluster", cluster + "dev-shared",
                Map.of("aws:ResourceTag/aurora-refresh:pipeline", List.of("qa"))))).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.evaluate(new Authorization("rds:DeleteDBCluster", cluster + "dev-shared", Map.of())))
                .isEqualTo(Decision.IMPLICIT_DENY);
        // a cluster outside the prefix, even tagged as ours
        assertThat(policy.evaluate(new Authorization("rds:DeleteDBCluster", cluster + "qa-20260101", ours)))
                .isEqualTo(Decision.IMPLICIT_DENY);
        // a restore without the ownership tags, or of another source
        assertThat(policy.evaluate(new Authorization("rds:RestoreDBClusterToPointInTime", cluster + "dev-20260103", Map.of())))
                .isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.evaluate(new Authorization("rds:RestoreDBClusterToPointInTime", cluster + "billing-db",
                Map.of("aws:RequestTag/aurora-refresh:pipeline", List.of("dev"),
                        "aws:RequestTag/aurora-refresh:source", List.of("prod-db"))))).isEqualTo(Decision.IMPLICIT_DENY);
        // tags other than ours on our own clone
        assertThat(policy.evaluate(new Authorization("rds:AddTagsToResource", cluster + "dev-20260101",
                Map.of("aws:ResourceTag/aurora-refresh:pipeline", List.of("dev"), "aws:TagKeys", List.of("owner")))))
                .isEqualTo(Decision.IMPLICIT_DENY);
        // another record in the zone, another type, or a delete
        String zone = "arn:aws:route53:::hostedzone/" + zoneId;
        assertThat(policy.evaluate(change(zone, "www.example.internal", "CNAME", "UPSERT"))).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.evaluate(change(zone, "dev-db.example.internal", "A", "UPSERT"))).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.evaluate(change(zone, "dev-db.example.internal", "CNAME", "DELETE"))).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.evaluate(change("arn:aws:route53:::hostedzone/ZOTHER", "dev-db.example.internal", "CNAME", "UPSERT")))
                .isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.evaluate(change(zone, "dev-db.example.internal", "CNAME", "UPSERT"))).isEqualTo(Decision.ALLOW);
    }

    private static Authorization change(String zone, String name, String type, String action) {
        return new Authorization("route53:ChangeResourceRecordSets", zone, Map.of(
                "route53:ChangeResourceRecordSetsNormalizedRecordNames", List.of(name),
                "route53:ChangeResourceRecordSetsRecordTypes", List.of(type),
                "route53:ChangeResourceRecordSetsActions", List.of(action)));
    }

    @Test
    void iamAcceptsThePolicyAsWritten() throws Exception {
        try (IamClient iam = IamClient.builder().endpointOverride(URI.create(moto.server.endpoint())).region(Region.AWS_GLOBAL)
                .credentialsProvider(MotoAccount.testCredentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
            String document = Files.readString(POLICY);
            var created = iam.createPolicy(r -> r.policyName("aurora-refresh-dev").policyDocument(document));
            assertThat(created.policy().arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":policy/aurora-refresh-dev");
        }
    }
}
