package dev.aurorarefresh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.OtherAccount;
import dev.aurorarefresh.testing.StrictTwin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * Whole passes from a source in another account (production, an emulated account of its own),
 * shared with this one by AWS RAM, through the strict twin: the commands in-process on a fake clock.
 */
class CrossAccountPassTest {
    static final String PRODUCTION = "210987654321";
    static final String ZONE = "dev.internal";
    static final String RECORD = "db.dev.internal";
    static final String CLONE = "dev-20261125";

    MotoAccount aws;
    OtherAccount production;
    String sourceArn;
    String cloneKey;
    String zoneId;
    final Map<String, String> env = new LinkedHashMap<>();

    @BeforeEach
    void accounts() {
        aws = MotoAccount.fresh();
        production = aws.otherAccount(PRODUCTION);
        String sourceKey = production.createKey(List.of(StrictTwin.ACCOUNT));
        sourceArn = production.createSource("prod-db", "aurora-postgresql", sourceKey).dbClusterArn();
        cloneKey = aws.otherAccount(StrictTwin.ACCOUNT).createKey(List.of());
        zoneId = aws.createZone(ZONE);
        // what the clones get in this account instead of production's settings
        aws.seedRds.createDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("dev-cluster-params")
                .dbParameterGroupFamily("aurora-postgresql16").description("clones"));
        aws.seedRds.createDBParameterGroup(r -> r.dbParameterGroupName("dev-instance-params")
                .dbParameterGroupFamily("aurora-postgresql16").description("clones"));
        env.put("AURORA_REFRESH_SOURCE_CLUSTER", sourceArn);
        env.put("AURORA_REFRESH_CLONE_PREFIX", "dev");
        env.put("AURORA_REFRESH_HOSTED_ZONE", ZONE);
        env.put("AURORA_REFRESH_RECORD", RECORD);
        env.put("AURORA_REFRESH_INSTANCE_CLASS", "db.r6g.large");
        env.put("AURORA_REFRESH_DB_SUBNET_GROUP", "dev-databases");
        env.put("AURORA_REFRESH_VPC_SECURITY_GROUP_IDS", "sg-0123456789abcdef0");
        env.put("AURORA_REFRESH_DB_CLUSTER_PARAMETER_GROUP", "dev-cluster-params");
        env.put("AURORA_REFRESH_DB_PARAMETER_GROUP", "dev-instance-params");
    }

    /** The role's policy as `aurora-refresh iam-policy` writes it for this pipeline, in force in the twin. */
    private void enforceThePipelinesPolicy() throws Exception {
        Map<String, String> byId = new LinkedHashMap<>(env);
        byId.remove("AURORA_REFRESH_HOSTED_ZONE");
        byId.put("AURORA_REFRESH_HOSTED_ZONE_ID", zoneId);
        byId.put("AURORA_REFRESH_KMS_KEY_ID", cloneKey);
        var grant = dev.aurorarefresh.iam.PipelineGrant.of(Parsing.pipeline(byId), dev.aurorarefresh.iam.DatabaseLogin.NONE);
        aws.twin.enforcePolicy(dev.aurorarefresh.testing.IamPolicy.ofRole(dev.aurorarefresh.iam.PolicyDocuments
                .forRole(StrictTwin.ACCOUNT, MotoAccount.REGION, List.of(grant)).values().stream()
                .map(dev.aurorarefresh.iam.PolicyDocuments::text).toList()));
    }

    private InProcessCli.Result run(String... args) {
        return InProcessCli.run(new InProcessCli.MotoWiring(() -> aws), env, args);
    }

    private static String[] with(String command, String... extra) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void aPassFromASharedSourceMakesTheCloneHereWithTheKeyGivenAndConnectsIt() throws Exception {
        production.share(sourceArn, StrictTwin.ACCOUNT);
        enforceThePipelinesPolicy();

        InProcessCli.Result r = run(with("run", "--kms-key-id", cloneKey));

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        DBCluster clone = aws.rds.describeDBClusters(q -> q.dbClusterIdentifier(CLONE)).dbClusters().get(0);
        assertThat(clone.crossAccountClone()).isTrue();
        assertThat(clone.kmsKeyId()).isEqualTo(cloneKey);
        assertThat(clone.dbClusterParameterGroup()).isEqualTo("dev-cluster-params");
        assertThat(aws.tagsOf(CLONE)).as(r.stdout() + r.stderr()).containsEntry(Tags.LIFECYCLE, "connected").containsEntry(Tags.SOURCE, sourceArn);
        assertThat(aws.recordValue(aws.seedRoute53.listHostedZones().hostedZones().get(0).id().replace("/hostedzone/", ""), RECORD))
                .isEqualTo(clone.endpoint());
        assertThat(production.rds().describeDBClusters().dbClusters()).extracting(DBCluster::dbClusterIdentifier)
                .as("nothing made or changed in production's account").containsExactly("prod-db");
        // production's password replaced by one RDS keeps in a secret: the summary names the secret, never a password
        assertThat(clone.masterUserSecret().secretArn()).contains(":secret:rds!cluster-");
        assertThat(r.stdout()).contains("master password replaced: RDS keeps it in secret " + clone.masterUserSecret().secretArn());
        assertNoPasswordIn(r.stdout() + r.stderr());
    }

    /** The passwords the emulated accounts hold: production's, moto's for the managed secret, the twin's for the clone. */
    static void assertNoPasswordIn(String output) {
        assertThat(output).doesNotContain("not-a-real-secret").doesNotContain("P@55w0rd!").doesNotContainPattern("twin-[0-9a-f]+");
    }

    @Test
    void withoutTheShareThePassExitsTwoWithOneLineAndChangesNothing() {
        InProcessCli.Result r = run(with("run", "--kms-key-id", cloneKey));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errorLines()).singleElement().asString().contains("--source-cluster").contains(sourceArn)
                .contains("not shared with this account");
        assertThat(aws.allClusters()).isEmpty();
    }

    @Test
    void anEncryptedSharedSourceWithoutAKeyExitsTwoWithOneLineNamingTheOption() {
        production.share(sourceArn, StrictTwin.ACCOUNT);

        InProcessCli.Result r = run("run");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errorLines()).singleElement().asString().contains("--kms-key-id: missing;").contains(sourceArn);
        assertThat(aws.allClusters()).isEmpty();
    }

    /**
     * AWS allows one cross-account clone of a cluster per account: while yesterday's clone is
     * connected, today's restore is refused; the pass exits 1 with AWS's reason, and the record
     * stays on yesterday's clone (docs/deploy.md, "What AWS allows across accounts").
     */
    @Test
    void whileYesterdaysCloneExistsAWSRefusesTodaysAndTheRecordStays() {
        production.share(sourceArn, StrictTwin.ACCOUNT);
        String yesterday = "dev-20261124";
        aws.rds.restoreDBClusterToPointInTime(q -> q.dbClusterIdentifier(yesterday).sourceDBClusterIdentifier(sourceArn)
                .restoreType("copy-on-write").useLatestRestorableTime(true).kmsKeyId(cloneKey)
                .tags(MotoAccount.cloneTags("dev", sourceArn, "connected", java.time.Instant.parse("2026-11-24T03:00:00Z"))
                        .entrySet().stream().map(e -> software.amazon.awssdk.services.rds.model.Tag.builder().key(e.getKey())
                                .value(e.getValue()).build()).toList()));
        String zoneId = aws.seedRoute53.listHostedZones().hostedZones().get(0).id().replace("/hostedzone/", "");
        aws.setRecord(zoneId, RECORD, "CNAME", aws.cluster(yesterday).endpoint());

        InProcessCli.Result r = run(with("run", "--kms-key-id", cloneKey));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("only one cross-account clone");
        assertThat(aws.clusterExists(CLONE)).isFalse();
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(aws.cluster(yesterday).endpoint());
        assertThat(aws.tagsOf(yesterday)).containsEntry(Tags.LIFECYCLE, "connected");
    }

    @Test
    void theDryRunForecastsThePassFromTheSharedSourceAndChangesNothing() {
        production.share(sourceArn, StrictTwin.ACCOUNT);

        InProcessCli.Result r = run(with("run", "--dry-run", "--kms-key-id", cloneKey));

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains(sourceArn).contains(CLONE)
                .contains("would replace the master password of " + CLONE + " by one RDS keeps in a managed secret");
        assertThat(r.stdout().indexOf("replace the master password")).isLessThan(r.stdout().indexOf("ready"));
        assertThat(aws.allClusters()).isEmpty();
    }

    @Test
    void statusShowsTheManagedSecretsArnAndNoPassword() throws Exception {
        production.share(sourceArn, StrictTwin.ACCOUNT);
        assertThat(run(with("run", "--kms-key-id", cloneKey)).exitCode()).isZero();
        String secret = aws.cluster(CLONE).masterUserSecret().secretArn();

        InProcessCli.Result table = run("status");
        InProcessCli.Result json = run("status", "--output", "json");

        assertThat(table.stdout()).contains(CLONE + ": master password in the RDS-managed secret " + secret);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.stdout()).at("/clones/0/masterUserSecretArn")
                .asText()).isEqualTo(secret);
        assertNoPasswordIn(table.stdout() + table.stderr() + json.stdout() + json.stderr());
    }
}
