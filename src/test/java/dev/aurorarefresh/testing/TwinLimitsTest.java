package dev.aurorarefresh.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorarefresh.testing.StrictTwin.Rule;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.AccountQuota;
import software.amazon.awssdk.services.rds.model.DbClusterQuotaExceededException;
import software.amazon.awssdk.services.rds.model.InstanceQuotaExceededException;
import software.amazon.awssdk.services.rds.model.InsufficientDbInstanceCapacityException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.SnapshotQuotaExceededException;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.PriorRequestNotCompleteException;
import software.amazon.awssdk.services.route53.model.RRType;

/** Each of the twin's limit rules (TwinLimits) refuses, or shows, what AWS does where moto would not. */
class TwinLimitsTest {
    static final String SOURCE = "prod-db";

    MotoAccount aws;

    @BeforeEach
    void account() {
        aws = MotoAccount.fresh();
        aws.createSource(SOURCE, "aurora-postgresql");
    }

    @Test
    void describeAccountAttributesShowsTheQuotasWithWhatTheAccountUses() {
        aws.createCluster("other", Map.of());

        Map<String, AccountQuota> quotas = quotas();

        assertThat(quotas.get("DBClusters").used()).isEqualTo(2);
        assertThat(quotas.get("DBClusters").max()).isEqualTo(40);
        assertThat(quotas.get("DBInstances").used()).isEqualTo(2);
        assertThat(quotas.get("DBInstances").max()).isEqualTo(40);
        assertThat(quotas.get("ManualClusterSnapshots").used()).isZero();
        assertThat(quotas.get("ManualClusterSnapshots").max()).isEqualTo(100);
    }

    @Test
    void aFullClusterQuotaRefusesTheRestoreUntilAClusterIsDeleted() {
        aws.createCluster("other", Map.of());
        aws.twin.limits().full("DBClusters");

        assertThatThrownBy(() -> restore("dev-1")).isInstanceOfSatisfying(DbClusterQuotaExceededException.class,
                e -> assertThat(e.statusCode()).isEqualTo(403));
        assertThat(aws.clusterExists("dev-1")).isFalse();
        aws.seedRds.deleteDBInstance(r -> r.dbInstanceIdentifier("other-1").skipFinalSnapshot(true));
        aws.seedRds.deleteDBCluster(r -> r.dbClusterIdentifier("other").skipFinalSnapshot(true));
        restore("dev-1");
        assertThat(aws.twin.refusals(Rule.QUOTAS)).hasSize(1);
    }

    @Test
    void aFullInstanceQuotaRefusesCreateDbInstance() {
        aws.twin.without(Rule.CLUSTER_CREATING).limits().quota("DBInstances", 1);
        restore("dev-1");

        assertThatThrownBy(() -> createInstance("dev-1")).isInstanceOf(InstanceQuotaExceededException.class);
        assertThat(aws.instanceExists("dev-1-1")).isFalse();
    }

    @Test
    void aFullSnapshotQuotaRefusesADeleteWithAFinalSnapshotButNotOneWithout() {
        aws.twin.limits().quota("ManualClusterSnapshots", 0);
        aws.createCluster("dev-1", Map.of());
        aws.seedRds.deleteDBInstance(r -> r.dbInstanceIdentifier("dev-1-1").skipFinalSnapshot(true));

        assertThatThrownBy(() -> aws.rds.deleteDBCluster(r -> r.dbClusterIdentifier("dev-1").finalDBSnapshotIdentifier("dev-1-final")))
                .isInstanceOf(SnapshotQuotaExceededException.class);
        assertThat(aws.clusterExists("dev-1")).isTrue();
        aws.rds.deleteDBCluster(r -> r.dbClusterIdentifier("dev-1").skipFinalSnapshot(true));
    }

    @Test
    void theSixteenthCloneOfASourceIsAFullCopyOutsideItsCloneGroup() {
        for (int i = 1; i <= TwinLimits.COPY_ON_WRITE_CLONES; i++) {
            restore("qa-" + i);
        }
        String group = aws.twin.cloneGroupOf(SOURCE);

        restore("dev-16");

        assertThat(aws.twin.limits().fullCopies()).containsExactly("dev-16");
        assertThat(cluster("dev-16").cloneGroupId()).as("not the source's clone group").isNotEqualTo(group);
        assertThat(cluster("qa-15").cloneGroupId()).isEqualTo(group);
        // one clone deleted: the next restore is copy-on-write again
        aws.seedRds.deleteDBCluster(r -> r.dbClusterIdentifier("qa-1").skipFinalSnapshot(true));
        restore("dev-17");
        assertThat(cluster("dev-17").cloneGroupId()).isEqualTo(group);
    }

    @Test
    void modifyAndAFinalSnapshotNeedAnAvailableCluster() {
        aws.createCluster("dev-1", Map.of());
        aws.seedRds.deleteDBInstance(r -> r.dbInstanceIdentifier("dev-1-1").skipFinalSnapshot(true));
        aws.twin.limits().status("dev-1", "backing-up");

        assertThat(cluster("dev-1").status()).isEqualTo("backing-up");
        assertThatThrownBy(() -> aws.rds.modifyDBCluster(r -> r.dbClusterIdentifier("dev-1").deletionProtection(false)))
                .isInstanceOf(InvalidDbClusterStateException.class).hasMessageContaining("backing-up");
        assertThatThrownBy(() -> aws.rds.deleteDBCluster(r -> r.dbClusterIdentifier("dev-1").finalDBSnapshotIdentifier("dev-1-final")))
                .isInstanceOf(InvalidDbClusterStateException.class);
        assertThat(aws.twin.refusals(Rule.NEEDS_AVAILABLE)).hasSize(2);
        aws.twin.limits().clearStatus("dev-1");
        aws.rds.modifyDBCluster(r -> r.dbClusterIdentifier("dev-1").deletionProtection(false));
    }

    @Test
    void aSourceAwsWillNotCloneRefusesTheRestore() {
        aws.twin.limits().status(SOURCE, "backtracking");
        assertThatThrownBy(() -> restore("dev-1")).isInstanceOf(InvalidDbClusterStateException.class)
                .hasMessageContaining("backtracking");
        aws.twin.limits().clearStatus(SOURCE).limitless(SOURCE);
        assertThat(cluster(SOURCE).clusterScalabilityTypeAsString()).isEqualTo("limitless");
        assertThatThrownBy(() -> restore("dev-1")).isInstanceOf(RdsException.class).hasMessageContaining("Limitless");

        aws.seedRds.createDBCluster(r -> r.dbClusterIdentifier("empty").engine("aurora-postgresql").masterUsername("app")
                .masterUserPassword("not-a-real-secret"));
        assertThatThrownBy(() -> aws.rds.restoreDBClusterToPointInTime(r -> r.sourceDBClusterIdentifier("empty")
                .dbClusterIdentifier("dev-2").restoreType("copy-on-write").useLatestRestorableTime(true)))
                .isInstanceOf(InvalidDbClusterStateException.class).hasMessageContaining("no DB instances");
        assertThat(aws.twin.refusals(Rule.UNCLONEABLE_SOURCE)).hasSize(3);
        assertThat(aws.clusterExists("dev-1")).isFalse();
    }

    @Test
    void aLastingRefusalHoldsUntilLifted() {
        aws.twin.without(Rule.CLUSTER_CREATING).limits().noCapacity("db.r6g.large");
        restore("dev-1");

        for (int day = 0; day < 3; day++) {
            assertThatThrownBy(() -> createInstance("dev-1")).isInstanceOf(InsufficientDbInstanceCapacityException.class);
        }
        aws.twin.limits().lift("CreateDBInstance");
        createInstance("dev-1");
        assertThat(aws.instanceExists("dev-1-1")).isTrue();
    }

    @Test
    void aBusyZoneAnswersPriorRequestNotComplete() {
        String zoneId = aws.createZone("limits.test");
        aws.twin.limits().zoneBusy();

        assertThatThrownBy(() -> aws.route53.changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b.changes(c -> c
                .action(ChangeAction.UPSERT).resourceRecordSet(s -> s.name("db.limits.test").type(RRType.CNAME).ttl(60L)
                        .resourceRecords(rr -> rr.value("b")))))))
                .isInstanceOfSatisfying(PriorRequestNotCompleteException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    }

    @Test
    void eachLimitRuleCanBeSwitchedOff() {
        aws.twin.without(Rule.QUOTAS, Rule.COPY_ON_WRITE_LIMIT, Rule.UNCLONEABLE_SOURCE, Rule.NEEDS_AVAILABLE);
        aws.twin.limits().quota("DBClusters", 0).status(SOURCE, "upgrading");
        for (int i = 1; i <= TwinLimits.COPY_ON_WRITE_CLONES + 1; i++) {
            restore("qa-" + i);
        }
        aws.rds.modifyDBCluster(r -> r.dbClusterIdentifier(SOURCE).deletionProtection(false));

        assertThat(aws.twin.limits().fullCopies()).isEmpty();
        assertThat(aws.twin.refusals()).isEmpty();
    }

    private Map<String, AccountQuota> quotas() {
        return aws.rds.describeAccountAttributes().accountQuotas().stream()
                .collect(Collectors.toMap(AccountQuota::accountQuotaName, q -> q));
    }

    private void restore(String id) {
        aws.rds.restoreDBClusterToPointInTime(r -> r.sourceDBClusterIdentifier(SOURCE).dbClusterIdentifier(id)
                .restoreType("copy-on-write").useLatestRestorableTime(true));
    }

    private void createInstance(String cluster) {
        aws.rds.createDBInstance(r -> r.dbInstanceIdentifier(cluster + "-1").dbClusterIdentifier(cluster)
                .engine("aurora-postgresql").dbInstanceClass("db.r6g.large"));
    }

    private software.amazon.awssdk.services.rds.model.DBCluster cluster(String id) {
        return aws.rds.describeDBClusters(r -> r.dbClusterIdentifier(id)).dbClusters().get(0);
    }
}
