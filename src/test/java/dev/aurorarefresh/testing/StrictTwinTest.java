package dev.aurorarefresh.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorarefresh.testing.StrictTwin.Rule;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DbClusterAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.Route53Exception;

/** Each rule of the strict twin refuses (or shows) what AWS does, where moto alone would not. */
class StrictTwinTest {
    static final String SOURCE = "prod-db";

    MotoAccount aws;

    @BeforeEach
    void account() {
        aws = MotoAccount.fresh();
        aws.createSource(SOURCE, "aurora-postgresql");
    }

    // ---- API model -----------------------------------------------------------------------------------

    @Test
    void anUnknownParameterIsRefusedAndRecorded() throws Exception {
        HttpResponse<String> r = query("rds", "Action=DescribeDBClusters&Version=2014-10-31&DBClusterIdentifer=prod-db");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("StrictTwinModelViolation").contains("unknown parameter DBClusterIdentifer");
        assertThat(aws.twin.takeViolations()).singleElement().asString().contains("DBClusterIdentifer");
    }

    @Test
    void aMissingRequiredParameterIsRefused() throws Exception {
        HttpResponse<String> r = query("rds", "Action=CreateDBInstance&Version=2014-10-31&DBInstanceIdentifier=x-1"
                + "&DBClusterIdentifier=prod-db&Engine=aurora-postgresql");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(aws.twin.takeViolations()).singleElement().asString().contains("missing required parameter DBInstanceClass");
        assertThat(aws.instanceExists("x-1")).as("moto never saw it").isFalse();
    }

    @Test
    void aBadEnumValueIsRefusedInEachProtocol() throws Exception {
        String zoneId = aws.createZone("example.internal");
        HttpResponse<String> route53 = send(HttpRequest.newBuilder(URI.create(aws.endpoint() + "/2013-04-01/hostedzone/"
                + zoneId + "/rrset/")).header("Authorization", auth("route53")).POST(HttpRequest.BodyPublishers.ofString(
                "<ChangeResourceRecordSetsRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><ChangeBatch><Changes>"
                        + "<Change><Action>REPLACE</Action><ResourceRecordSet><Name>a.example.internal</Name><Type>CNAME</Type>"
                        + "<TTL>60</TTL><ResourceRecords><ResourceRecord><Value>b</Value></ResourceRecord></ResourceRecords>"
                        + "</ResourceRecordSet></Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>")));
        HttpResponse<String> secrets = send(HttpRequest.newBuilder(URI.create(aws.endpoint() + "/"))
                .header("Authorization", auth("secretsmanager")).header("X-Amz-Target", "secretsmanager.GetSecretValue")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"SecretId\":\"db\",\"VersionStage\":\"AWSCURRENT\",\"Version\":1}")));
        HttpResponse<String> rds = query("rds", "Action=DescribeEvents&Version=2014-10-31&SourceType=aurora-cluster");

        assertThat(route53.statusCode()).isEqualTo(400);
        assertThat(secrets.statusCode()).isEqualTo(400);
        assertThat(secrets.body()).contains("\"__type\":\"StrictTwinModelViolation\"");
        assertThat(rds.statusCode()).isEqualTo(400);
        assertThat(aws.twin.takeViolations()).hasSize(3)
                .anySatisfy(v -> assertThat(v).contains("REPLACE is not one of [CREATE, DELETE, UPSERT]"))
                .anySatisfy(v -> assertThat(v).contains("unknown parameter Version"))
                .anySatisfy(v -> assertThat(v).contains("aurora-cluster is not one of"));
    }

    @Test
    void whatTheSdkSendsMatchesTheModels() {
        aws.rds.describeDBClusters(r -> r.filters(f -> f.name("db-cluster-id").values(SOURCE)).maxRecords(20));
        aws.route53.listHostedZonesByName(r -> r.dnsName("example.internal").maxItems("10"));
        aws.createSecret("db", "{}");
        aws.secretsManager().getSecretValue(r -> r.secretId("db"));

        assertThat(aws.twin.violations()).isEmpty();
    }

    // ---- state rules ---------------------------------------------------------------------------------

    @Test
    void aRestoredClusterIsCreatingForSomeReadsAndRefusesInstancesUntilAvailable() {
        aws.twin.clusterCreatingReads(2);
        restore("dev-1");

        assertThatThrownBy(() -> createInstance("dev-1")).isInstanceOf(InvalidDbClusterStateException.class);
        assertThat(status("dev-1")).isEqualTo("creating");
        assertThat(status("dev-1")).isEqualTo("creating");
        assertThat(status("dev-1")).isEqualTo("available");
        createInstance("dev-1");
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seen.add(aws.rds.describeDBInstances(r -> r.dbInstanceIdentifier("dev-1-1")).dbInstances().get(0).dbInstanceStatus());
        }
        assertThat(seen).as("slower than the cluster").containsExactly("creating", "creating", "creating", "backing-up",
                "available", "available");
        assertThat(aws.twin.refusals(Rule.INSTANCE_NEEDS_AVAILABLE_CLUSTER)).hasSize(1);
    }

    @Test
    void aClusterWithALiveInstanceCannotBeDeletedAndDeletesLinger() {
        aws.twin.deletingReads(2);
        aws.createCluster("dev-1", Map.of());

        assertThatThrownBy(() -> aws.rds.deleteDBCluster(r -> r.dbClusterIdentifier("dev-1").skipFinalSnapshot(true)))
                .isInstanceOf(InvalidDbClusterStateException.class).hasMessageContaining("non-deleting");
        aws.rds.deleteDBInstance(r -> r.dbInstanceIdentifier("dev-1-1").skipFinalSnapshot(true));
        assertThat(aws.instanceExists("dev-1-1")).as("moto deletes at once").isFalse();
        assertThat(aws.rds.describeDBInstances(r -> r.filters(f -> f.name("db-cluster-id").values("dev-1"))).dbInstances())
                .singleElement().satisfies(i -> assertThat(i.dbInstanceStatus()).isEqualTo("deleting"));
        aws.rds.deleteDBCluster(r -> r.dbClusterIdentifier("dev-1").skipFinalSnapshot(true));

        assertThat(status("dev-1")).isEqualTo("deleting");
        assertThatThrownBy(() -> restore("dev-1")).as("the name is still taken")
                .isInstanceOf(DbClusterAlreadyExistsException.class);
        assertThat(status("dev-1")).isEqualTo("deleting");
        assertThat(aws.rds.describeDBClusters().dbClusters()).extracting(DBCluster::dbClusterIdentifier)
                .doesNotContain("dev-1");
    }

    @Test
    void aStoppedClusterRefusesModifyAndInstanceDeletes() {
        aws.createCluster("dev-1", Map.of());
        aws.twin.stopped("dev-1", true);

        assertThat(status("dev-1")).isEqualTo("stopped");
        assertThatThrownBy(() -> aws.rds.modifyDBCluster(r -> r.dbClusterIdentifier("dev-1").deletionProtection(false)))
                .isInstanceOf(InvalidDbClusterStateException.class);
        assertThatThrownBy(() -> aws.rds.deleteDBInstance(r -> r.dbInstanceIdentifier("dev-1-1").skipFinalSnapshot(true)))
                .isInstanceOf(InvalidDbClusterStateException.class);
        assertThat(aws.instanceExists("dev-1-1")).isTrue();
    }

    @Test
    void aRestoreOntoAnExistingClusterAnswersAlreadyExists() {
        aws.createCluster("dev-1", Map.of());

        assertThatThrownBy(() -> restore("dev-1")).isInstanceOf(DbClusterAlreadyExistsException.class);
    }

    @Test
    void aRoute53ChangeIsPendingForSomeReads() {
        aws.twin.changePendingReads(2);
        String zoneId = aws.createZone("example.internal");
        var change = aws.route53.changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b.changes(c -> c
                .action(ChangeAction.UPSERT).resourceRecordSet(s -> s.name("dev-db.example.internal").type(RRType.CNAME).ttl(60L)
                        .resourceRecords(rr -> rr.value("b")))))).changeInfo();

        assertThat(change.status()).isEqualTo(ChangeStatus.PENDING);
        List<ChangeStatus> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            seen.add(aws.route53.getChange(r -> r.id(change.id())).changeInfo().status());
        }
        assertThat(seen).containsExactly(ChangeStatus.PENDING, ChangeStatus.PENDING, ChangeStatus.INSYNC);
    }

    @Test
    void describesAnswerAHundredRecordsAPageWithAMarker() {
        for (int i = 0; i < 104; i++) {
            String id = "other-" + i;
            aws.seedRds.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-postgresql").masterUsername("app")
                    .masterUserPassword("not-a-real-secret"));
        }

        var first = aws.rds.describeDBClusters();
        var second = aws.rds.describeDBClusters(r -> r.marker(first.marker()));

        assertThat(first.dbClusters()).hasSize(100);
        assertThat(first.marker()).isNotNull();
        assertThat(second.dbClusters()).hasSize(5);
        assertThat(second.marker()).isNull();
        assertThat(aws.rds.describeDBClustersPaginator().dbClusters().stream().count()).isEqualTo(105);
        assertThatThrownBy(() -> aws.rds.describeDBClusters(r -> r.maxRecords(10)))
                .isInstanceOf(RdsException.class).hasMessageContaining("MaxRecords");
        assertThat(aws.rds.describeDBClusters(r -> r.maxRecords(20)).dbClusters()).hasSize(20);
    }

    @Test
    void theCloneGroupFilterIsHonoured() {
        aws.createCluster("unrelated", Map.of());
        restore("dev-1");

        String group = aws.twin.cloneGroupOf(SOURCE);
        var inGroup = aws.rds.describeDBClusters(r -> r.filters(f -> f.name("clone-group-id").values(group))).dbClusters();

        assertThat(inGroup).extracting(DBCluster::dbClusterIdentifier).containsExactlyInAnyOrder(SOURCE, "dev-1");
        assertThat(inGroup).allSatisfy(c -> assertThat(c.cloneGroupId()).isEqualTo(group));
        assertThat(aws.rds.describeDBClusters().dbClusters()).hasSize(3);
    }

    // ---- IAM -----------------------------------------------------------------------------------------

    @Test
    void aRequestThePolicyDoesNotAllowIsAnsweredAccessDenied() {
        String zoneId = aws.createZone("example.internal"); // puts iam/policy.json filled for PolicyFill.usual in force
        aws.createCluster("qa-1", MotoAccount.cloneTags("qa", SOURCE, "connected", java.time.Instant.now()));

        assertThatThrownBy(() -> aws.rds.deleteDBInstance(r -> r.dbInstanceIdentifier("qa-1-1").skipFinalSnapshot(true)))
                .isInstanceOfSatisfying(RdsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    assertThat(e.getMessage()).contains("rds:DeleteDBInstance");
                });
        assertThatThrownBy(() -> aws.route53.changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b.changes(c -> c
                .action(ChangeAction.UPSERT).resourceRecordSet(s -> s.name("www.example.internal").type(RRType.CNAME).ttl(60L)
                        .resourceRecords(rr -> rr.value("b")))))))
                .isInstanceOfSatisfying(Route53Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                });
        assertThat(aws.instanceExists("qa-1-1")).isTrue();
        assertThat(aws.twin.refusals(Rule.IAM)).hasSize(2);
        // what the pipeline may do goes through
        aws.route53.changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b.changes(c -> c
                .action(ChangeAction.UPSERT).resourceRecordSet(s -> s.name("dev-db.example.internal").type(RRType.CNAME).ttl(60L)
                        .resourceRecords(rr -> rr.value("b"))))));
    }

    @Test
    void eachRuleCanBeSwitchedOff() {
        aws.twin.without(Rule.CLUSTER_CREATING, Rule.INSTANCE_NEEDS_AVAILABLE_CLUSTER, Rule.RESTORE_ONTO_EXISTING);
        restore("dev-1");

        createInstance("dev-1");
        assertThat(aws.twin.refusals()).isEmpty();
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private void restore(String id) {
        aws.rds.restoreDBClusterToPointInTime(r -> r.sourceDBClusterIdentifier(SOURCE).dbClusterIdentifier(id)
                .restoreType("copy-on-write").useLatestRestorableTime(true));
    }

    private void createInstance(String cluster) {
        aws.rds.createDBInstance(r -> r.dbInstanceIdentifier(cluster + "-1").dbClusterIdentifier(cluster)
                .engine("aurora-postgresql").dbInstanceClass("db.r6g.large"));
    }

    private String status(String cluster) {
        return aws.rds.describeDBClusters(r -> r.dbClusterIdentifier(cluster)).dbClusters().get(0).status();
    }

    private static String auth(String service) {
        return "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/" + service
                + "/aws4_request, SignedHeaders=host, Signature=0";
    }

    private HttpResponse<String> query(String service, String form) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(aws.endpoint() + "/")).header("Authorization", auth(service))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
