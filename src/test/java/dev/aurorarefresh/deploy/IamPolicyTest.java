package dev.aurorarefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.testing.IamPolicy;
import dev.aurorarefresh.testing.IamPolicy.Authorization;
import dev.aurorarefresh.testing.IamPolicy.Decision;
import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.testing.IamRequests;
import dev.aurorarefresh.testing.IamRequests.Wire;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.StrictTwin;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * iam/policy.json against what the code really does: representative passes run through the
 * strict twin, which turns every request into the IAM authorizations AWS would make for it and
 * refuses it unless the policy allows each one; the policy must allow no action the code never needs.
 */
class IamPolicyTest {
    static final Path POLICY = Path.of("iam/policy.json");
    static final String EXAMPLE_ZONE_ID = "Z0123456789EXAMPLE";
    static final String ACCOUNT = RepresentativePasses.ACCOUNT;

    static MotoAccount moto;
    static IamPolicy policy;
    static String zoneId;
    static RepresentativePasses.Recorded passes;

    @BeforeAll
    static void runRepresentativePasses() {
        moto = MotoAccount.fresh();
        moto.createSource("prod-db", "aurora-postgresql");
        zoneId = moto.createZone("example.internal");
        // The policy's example values are this account's, but for the zone id, which moto chooses.
        policy = IamPolicy.load(POLICY, Map.of(EXAMPLE_ZONE_ID, zoneId));
        // the zone made the strict twin authorize every request against the same policy (PolicyFill.usual),
        // and it keeps what each needed
        passes = RepresentativePasses.run(moto, "example.internal", zoneId, true,
                "arn:aws:iam::" + ACCOUNT + ":role/rds-monitoring-role", "--source-cluster", "prod-db", "--clone-prefix", "dev",
                "--record", "dev-db.example.internal");
    }

    @Test
    void thePassesDidWhatTheyShould() {
        assertThat(passes.reports()).extracting(PassReport::outcome).containsExactly(PassReport.Outcome.DONE,
                PassReport.Outcome.NOTHING_TO_DO, PassReport.Outcome.DONE, PassReport.Outcome.DONE,
                PassReport.Outcome.DONE, PassReport.Outcome.DONE, PassReport.Outcome.DONE, PassReport.Outcome.DONE,
                // moto's engine version cannot auto-pause: exit 2 after asking RDS, before any change
                PassReport.Outcome.INVALID);
        assertThat(moto.clusterExists("dev-20260101")).as("yesterday's protected clone was cleaned").isFalse();
        assertThat(moto.recordValue(zoneId, "dev-db.example.internal")).as("rolled back to the kept clone")
                .isEqualTo(moto.cluster("dev-20260102").endpoint());
        assertThat(moto.tagsOf("dev-20260103")).containsEntry("aurora-refresh:lifecycle", "aborted");
        // every AWS operation the adapters use was exercised, so the check below covers the code
        assertThat(new TreeSet<>(passes.operations()))
                .containsExactlyInAnyOrder("AddTagsToResource", "ChangeResourceRecordSets",
                "CreateDBInstance", "DeleteDBCluster", "DeleteDBClusterSnapshot", "DeleteDBInstance", "DescribeAccountAttributes",
                "DescribeDBClusterSnapshots", "DescribeDBClusters",
                "DescribeDBEngineVersions", "DescribeDBInstances",
                "GetChange", "GetHostedZone", "ListHostedZonesByName", "ListResourceRecordSets", "ModifyDBCluster",
                "RestoreDBClusterToPointInTime");
    }

    @Test
    void everyAuthorizationTheCodeNeedsIsAllowed() {
        assertThat(moto.twin.refusals(StrictTwin.Rule.IAM)).as("requests the twin answered AccessDenied").isEmpty();
        List<String> refused = passes.authorizations().stream().filter(a -> policy.evaluate(a) != Decision.ALLOW)
                .map(a -> policy.evaluate(a) + ": " + a).distinct().toList();
        assertThat(refused).isEmpty();
        // stamped when the clean ran, after the pass waited for the new clone
        assertThat(passes.authorizations()).extracting(Authorization::resource).anySatisfy(r -> assertThat(r)
                .matches("arn:aws:rds:us-east-1:" + ACCOUNT + ":cluster-snapshot:dev-20260101-final-20260102\\d{6}"));
    }

    @Test
    void thePolicyAllowsNoActionTheCodeNeverNeeds() {
        Set<String> needed = new TreeSet<>(passes.authorizations().stream().map(Authorization::action).toList());
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
                Map.of("aws:ResourceTag/aurora-refresh:pipeline", List.of("qa"))))).isEqualTo(Decision.EXPLICIT_DENY);
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
        // a final snapshot under any other name than <clone>-final-<yyyyMMddHHmmss>
        String snapshot = "arn:aws:rds:us-east-1:" + ACCOUNT + ":cluster-snapshot:";
        assertThat(policy.evaluate(new Authorization("rds:DeleteDBCluster", snapshot + "dev-20260101-final", Map.of())))
                .isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.evaluate(new Authorization("rds:DeleteDBCluster", snapshot + "dev-20260101-final-2026", Map.of())))
                .isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.evaluate(new Authorization("rds:DeleteDBCluster", snapshot + "prod-db-final-20260102030000", Map.of())))
                .isEqualTo(Decision.IMPLICIT_DENY);
        // another record in the zone, another type, or a delete of another record
        String zone = "arn:aws:route53:::hostedzone/" + zoneId;
        assertThat(policy.evaluate(change(zone, "www.example.internal", "CNAME", "UPSERT"))).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.evaluate(change(zone, "dev-db.example.internal", "A", "UPSERT"))).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.evaluate(change(zone, "www.example.internal", "CNAME", "DELETE"))).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.evaluate(change(zone, "dev-db.example.internal", "CNAME", "CREATE"))).isEqualTo(Decision.IMPLICIT_DENY);
        // --clone-cycle replace: the record comes off the clone it deletes
        assertThat(policy.evaluate(change(zone, "dev-db.example.internal", "CNAME", "DELETE"))).isEqualTo(Decision.ALLOW);
        assertThat(policy.evaluate(change("arn:aws:route53:::hostedzone/ZOTHER", "dev-db.example.internal", "CNAME", "UPSERT")))
                .isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.evaluate(change(zone, "dev-db.example.internal", "CNAME", "UPSERT"))).isEqualTo(Decision.ALLOW);
    }

    /**
     * Another pipeline, {@code qa} with prefix {@code dev-qa}, has a clone whose name matches our
     * {@code dev-*}. Every request the role could send about it is tried, again and again, each
     * allowed one applied (tags merged, even those a real create would refuse): no sequence may
     * end in a modify, delete or instance join, nor in our tag on its resources.
     */
    @Test
    void noSequenceOfAllowedRequestsTakesOverAnotherPipelinesClone() {
        String cluster = "arn:aws:rds:us-east-1:" + ACCOUNT + ":cluster:dev-qa-20260101";
        String instance = "arn:aws:rds:us-east-1:" + ACCOUNT + ":db:dev-qa-20260101-1";
        Map<String, Map<String, String>> tags = new LinkedHashMap<>();
        Map<String, String> qa = Map.of("aurora-refresh:pipeline", "qa", "aurora-refresh:source", "prod-db",
                "aurora-refresh:lifecycle", "connected");
        tags.put(cluster, new LinkedHashMap<>(qa));
        tags.put(instance, new LinkedHashMap<>(qa));
        IamRequests model = new IamRequests("us-east-1", ACCOUNT, arn -> tags.getOrDefault(arn, Map.of()));

        List<Map<String, String>> tagSets = List.of(Map.of("aurora-refresh:pipeline", "dev"),
                Map.of("aurora-refresh:pipeline", "dev", "aurora-refresh:source", "prod-db"),
                Map.of("aurora-refresh:pipeline", "dev", "aurora-refresh:source", "prod-db", "aurora-refresh:lifecycle", "created"),
                Map.of("aurora-refresh:lifecycle", "aborted"), Map.of("aurora-refresh:source", "other-db"));
        List<Wire> tries = new ArrayList<>();
        for (Map<String, String> set : tagSets) {
            tries.add(new Wire("AddTagsToResource", set, "ResourceName", cluster));
            tries.add(new Wire("AddTagsToResource", set, "ResourceName", instance));
            tries.add(new Wire("RestoreDBClusterToPointInTime", set, "SourceDBClusterIdentifier", "prod-db",
                    "DBClusterIdentifier", "dev-qa-20260101"));
            tries.add(new Wire("CreateDBInstance", set, "DBInstanceIdentifier", "dev-qa-20260101-1",
                    "DBClusterIdentifier", "dev-qa-20260101"));
            tries.add(new Wire("CreateDBInstance", set, "DBInstanceIdentifier", "dev-qa-20260101-2",
                    "DBClusterIdentifier", "dev-qa-20260101"));
            // its data: a restore from it into a name of ours
            tries.add(new Wire("RestoreDBClusterToPointInTime", set, "SourceDBClusterIdentifier", "dev-qa-20260101",
                    "DBClusterIdentifier", "dev-20260105"));
            tries.add(new Wire("CreateDBInstance", set, "DBInstanceIdentifier", "dev-20260105-1",
                    "DBClusterIdentifier", "dev-qa-20260101"));
        }
        List<Wire> harmful = List.of(
                new Wire("ModifyDBCluster", Map.of(), "DBClusterIdentifier", "dev-qa-20260101", "DeletionProtection", "false"),
                new Wire("DeleteDBInstance", Map.of(), "DBInstanceIdentifier", "dev-qa-20260101-1"),
                new Wire("DeleteDBCluster", Map.of(), "DBClusterIdentifier", "dev-qa-20260101", "SkipFinalSnapshot", "true"),
                new Wire("CreateDBInstance", Map.of("aurora-refresh:pipeline", "dev", "aurora-refresh:source", "prod-db"),
                        "DBInstanceIdentifier", "dev-qa-20260101-2", "DBClusterIdentifier", "dev-qa-20260101"));
        List<String> breaches = new ArrayList<>();
        boolean changed = true;
        for (int round = 0; changed && round < 10; round++) {
            changed = false;
            for (var request : tries) {
                if (allowed(model, request)) {
                    breaches.add("allowed " + request);
                    String arn = request.operation().equals("AddTagsToResource") ? request.form().get("ResourceName")
                            : request.operation().equals("CreateDBInstance")
                                    ? instance.replace("dev-qa-20260101-1", request.form().get("DBInstanceIdentifier"))
                            : cluster;
                    Map<String, String> before = new LinkedHashMap<>(tags.getOrDefault(arn, Map.of()));
                    Map<String, String> after = tags.computeIfAbsent(arn, k -> new LinkedHashMap<>());
                    IamRequests.requestTags(request.form()).forEach(after::put);
                    changed |= !after.equals(before);
                }
            }
            for (var request : harmful) {
                if (allowed(model, request)) {
                    breaches.add("allowed " + request);
                }
            }
        }
        assertThat(breaches).isEmpty();
        assertThat(tags.get(cluster)).isEqualTo(qa);
        // reading its data is refused by the deny, not merely left unallowed
        var restoreFromIt = new Wire("RestoreDBClusterToPointInTime", Map.of("aurora-refresh:pipeline", "dev",
                "aurora-refresh:source", "prod-db"), "SourceDBClusterIdentifier", "dev-qa-20260101", "DBClusterIdentifier", "dev-20260105");
        assertThat(model.authorizations(restoreFromIt).stream().filter(a -> a.resource().equals(cluster)).map(policy::evaluate))
                .containsExactly(Decision.EXPLICIT_DENY);
    }

    /**
     * The source, even where this pipeline's prefix makes its name look like a clone and someone
     * tagged it as ours: no instance joins it, it is not snapshotted, changed or deleted
     * (NeverChangeTheSource); the restore from it stays allowed.
     */
    @Test
    void theSourceNeverGetsAnInstanceEvenWhenItLooksLikeOurs() throws Exception {
        IamPolicy prefixed = IamPolicy.parse(dev.aurorarefresh.iam.PolicyDocuments.text(dev.aurorarefresh.iam.PolicyDocuments
                .forRole(ACCOUNT, "us-east-1", List.of(new StrictTwin.PolicyFill("dev", "prod-db", "prod",
                        "dev-db.example.internal", zoneId).grant())).get("prod")));
        String source = "arn:aws:rds:us-east-1:" + ACCOUNT + ":cluster:prod-db";
        Map<String, String> ours = Map.of("aurora-refresh:pipeline", "dev", "aurora-refresh:source", "prod-db");
        IamRequests model = new IamRequests("us-east-1", ACCOUNT, arn -> arn.equals(source) ? ours : Map.of());
        for (Wire w : List.of(
                new Wire("CreateDBInstance", ours, "DBInstanceIdentifier", "prod-20260101-1", "DBClusterIdentifier", "prod-db"),
                new Wire("CreateDBInstance", ours, "DBInstanceIdentifier", "prod-db-2", "DBClusterIdentifier", "prod-db"),
                new Wire("DeleteDBCluster", Map.of(), "DBClusterIdentifier", "prod-db", "SkipFinalSnapshot", "false",
                        "FinalDBSnapshotIdentifier", "prod-db-final-20260102030000"),
                new Wire("ModifyDBCluster", Map.of(), "DBClusterIdentifier", "prod-db", "DeletionProtection", "false"))) {
            assertThat(model.authorizations(w).stream().map(prefixed::evaluate)).as(w.toString()).contains(Decision.EXPLICIT_DENY);
        }
        var restore = new Wire("RestoreDBClusterToPointInTime", ours, "SourceDBClusterIdentifier", "prod-db",
                "DBClusterIdentifier", "prod-20260101");
        assertThat(model.authorizations(restore).stream().map(prefixed::evaluate)).containsOnly(Decision.ALLOW);
    }

    /**
     * What IAM cannot express: another pipeline's next name. Pipeline {@code qa} (prefix
     * {@code dev-qa}) will clone into dev-qa-20260102 tomorrow; that name matches our
     * {@code cluster:dev-*}, so IAM lets this role restore into it first. The code never does (its
     * names are its prefix and its date pattern), and qa's pass, finding its name taken by a
     * cluster not its own, stops with exit 1 and touches nothing (UnownedResourcesTest).
     */
    @Test
    void anotherPipelinesNextNameIsGuardedByTheCodeNotByIam() {
        IamRequests model = new IamRequests("us-east-1", ACCOUNT, arn -> Map.of());
        var squat = new Wire("RestoreDBClusterToPointInTime", Map.of("aurora-refresh:pipeline", "dev",
                "aurora-refresh:source", "prod-db"), "SourceDBClusterIdentifier", "prod-db", "DBClusterIdentifier", "dev-qa-20260102");
        assertThat(allowed(model, squat)).isTrue();
        var naming = new dev.aurorarefresh.core.CloneNaming("dev", "yyyyMMdd", java.time.ZoneOffset.UTC);
        assertThat(naming.cloneName(java.time.Instant.parse("2026-01-02T03:00:00Z"))).isEqualTo("dev-20260102");
    }

    /**
     * What IAM cannot express: a cluster with our prefix that carries no aurora-refresh tag at all
     * looks to IAM like one this role is creating, so tag-on-create lets the role mark it. The code
     * never asks for that (RdsAdapterTest / PlannerTest); this pins the limit iam/README states.
     */
    @Test
    void anUntaggedClusterWithOurPrefixIsTheOneCaseIamCannotGuard() {
        IamRequests model = new IamRequests("us-east-1", ACCOUNT, arn -> Map.of());
        var claim = new Wire("AddTagsToResource", Map.of("aurora-refresh:pipeline", "dev", "aurora-refresh:source", "prod-db"),
                "ResourceName", "arn:aws:rds:us-east-1:" + ACCOUNT + ":cluster:dev-legacy");
        assertThat(allowed(model, claim)).isTrue();
    }

    private static boolean allowed(IamRequests model, Wire request) {
        return model.authorizations(request).stream().allMatch(a -> policy.evaluate(a) == Decision.ALLOW);
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
