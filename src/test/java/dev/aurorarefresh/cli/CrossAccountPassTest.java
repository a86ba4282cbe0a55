package dev.aurorarefresh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.testing.MotoAccount;
import dev.aurorarefresh.testing.OtherAccount;
import dev.aurorarefresh.testing.StrictTwin;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.pass.SharedReads;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.probe.ProbeSettings;
import dev.aurorarefresh.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Random;
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
        String clonesPassword = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(aws.secretValue(clone.masterUserSecret().secretArn())).get("password").asText();
        assertThat(clonesPassword).hasSizeGreaterThanOrEqualTo(20);
        assertThat(r.stdout() + r.stderr()).doesNotContain(clonesPassword);
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

    /** The passes of one day: the production wiring on moto, its clock at 03:00 UTC that day. */
    static final class OnDay extends InProcessCli.MotoClients {
        Instant now = InProcessCli.NOW;

        OnDay(MotoAccount aws) {
            super(() -> aws);
        }

        @Override
        public RefreshPass pass(ProbeSettings probeSettings) {
            FakeClock clock = new FakeClock(now);
            return new RefreshPass(rds(), dns(), ReadinessCheck.AVAILABLE_IS_READY, clock, clock, new Random(1), new SharedReads());
        }

        @Override
        public RefreshPass operatorPass() {
            return pass(null);
        }
    }

    /**
     * AWS allows one cross-account clone of a cluster per account, so the clone cycle of a shared
     * source is replace (its default): each day the record comes off yesterday's clone, which is
     * deleted, and today's is made, waited for and connected in the same run (docs/deploy.md,
     * "One clone at a time"), under the policy `iam-policy` writes.
     */
    @Test
    void aSharedSourceIsRefreshedEveryDayTheRecordFollowingTheNewClone() throws Exception {
        production.share(sourceArn, StrictTwin.ACCOUNT);
        enforceThePipelinesPolicy();
        OnDay day = new OnDay(aws);
        List<String> clones = List.of(CLONE, "dev-20261126", "dev-20261127");

        for (int d = 0; d < clones.size(); d++) {
            day.now = InProcessCli.NOW.plus(Duration.ofDays(d));
            InProcessCli.Result r = InProcessCli.run(day, env, with("run", "--kms-key-id", cloneKey));

            assertThat(r.exitCode()).as("day %d: %s", d + 1, r.stdout() + r.stderr()).isZero();
            String clone = clones.get(d);
            assertThat(aws.recordValue(zoneId, RECORD)).as("day %d", d + 1).isEqualTo(aws.cluster(clone).endpoint());
            assertThat(aws.tagsOf(clone)).containsEntry(Tags.LIFECYCLE, "connected");
            assertThat(aws.allClusters()).as("day %d: yesterday's clone is gone", d + 1).containsOnlyKeys(clone);
            if (d > 0) {
                assertThat(r.stdout()).contains("record " + RECORD + " removed (INSYNC): the name has no database until the new"
                        + " clone is connected");
            }
        }
        assertThat(production.rds().describeDBClusters().dbClusters()).extracting(DBCluster::dbClusterIdentifier)
                .as("nothing made or changed in production's account").containsExactly("prod-db");
    }

    @Test
    void theDryRunOfTheNextDaySaysTheNameIsWithoutADatabaseUntilTheNewCloneIsConnected() {
        production.share(sourceArn, StrictTwin.ACCOUNT);
        OnDay day = new OnDay(aws);
        assertThat(InProcessCli.run(day, env, with("run", "--kms-key-id", cloneKey)).exitCode()).isZero();
        day.now = InProcessCli.NOW.plus(Duration.ofDays(1));

        InProcessCli.Result r = InProcessCli.run(day, env, with("run", "--dry-run", "--kms-key-id", cloneKey));

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("would remove record " + RECORD + " from " + CLONE
                + ": the name has no database until the new clone is connected")
                .contains("would clone " + sourceArn + " -> dev-20261126");
        assertThat(r.stdout().indexOf("would remove record")).isLessThan(r.stdout().indexOf("would delete cluster " + CLONE));
        assertThat(r.stdout().indexOf("would delete cluster " + CLONE)).isLessThan(r.stdout().indexOf("would clone "));
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(aws.cluster(CLONE).endpoint());
    }

    /** Nothing was retained: rollback has nothing to point the record back at, and changes nothing. */
    @Test
    void rollbackAfterAReplaceHasNothingToRollBackTo() {
        production.share(sourceArn, StrictTwin.ACCOUNT);
        OnDay day = new OnDay(aws);
        assertThat(InProcessCli.run(day, env, with("run", "--kms-key-id", cloneKey)).exitCode()).isZero();
        day.now = InProcessCli.NOW.plus(Duration.ofDays(1));
        assertThat(InProcessCli.run(day, env, with("run", "--kms-key-id", cloneKey)).exitCode()).isZero();
        String today = aws.cluster("dev-20261126").endpoint();

        InProcessCli.Result r = InProcessCli.run(day, env, with("rollback", "--kms-key-id", cloneKey));

        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);
        assertThat(aws.recordValue(zoneId, RECORD)).isEqualTo(today);
        assertThat(aws.tagsOf("dev-20261126")).containsEntry(Tags.LIFECYCLE, "connected");
    }

    @Test
    void theOverlapCycleWithASharedSourceExitsTwoWithOneLineAndChangesNothing() {
        production.share(sourceArn, StrictTwin.ACCOUNT);

        InProcessCli.Result r = run(with("run", "--kms-key-id", cloneKey, "--clone-cycle", "overlap"));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errorLines()).singleElement().asString().contains("--clone-cycle: 'overlap' is not possible")
                .contains(sourceArn).contains("one cross-account clone").contains("use replace");
        assertThat(aws.allClusters()).isEmpty();
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
