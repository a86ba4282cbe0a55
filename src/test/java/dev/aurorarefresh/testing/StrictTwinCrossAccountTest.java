package dev.aurorarefresh.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorarefresh.testing.StrictTwin.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.KmsKeyNotAccessibleException;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * The twin's rules for a source in another account and for a master credentials change, each
 * refusing (or showing) what AWS does where moto alone would not. Production is another moto
 * account, reached with keys from STS AssumeRole ({@link OtherAccount}); the code under test
 * calls from the usual account ({@link StrictTwin#ACCOUNT}).
 */
class StrictTwinCrossAccountTest {
    static final String PRODUCTION = "210987654321";

    MotoAccount aws;
    OtherAccount production;

    @BeforeEach
    void accounts() {
        aws = MotoAccount.fresh();
        production = aws.otherAccount(PRODUCTION);
    }

    // ---- the share ---------------------------------------------------------------------------------

    @Test
    void anotherAccountsClusterIsNotFoundUntilItsOwnerSharesItThenTheCloneIsMadeHere() {
        String arn = production.createSource("prod-db", "aurora-postgresql", null).dbClusterArn();

        assertThatThrownBy(() -> restore("dev-1", arn, null)).isInstanceOf(DbClusterNotFoundException.class)
                .hasMessageContaining(arn);
        production.share(arn, StrictTwin.ACCOUNT);
        restore("dev-1", arn, null);

        DBCluster clone = aws.rds.describeDBClusters(r -> r.dbClusterIdentifier("dev-1")).dbClusters().get(0);
        assertThat(clone.dbClusterArn()).contains(":" + StrictTwin.ACCOUNT + ":cluster:dev-1");
        assertThat(clone.crossAccountClone()).isTrue();
        assertThat(clone.status()).isEqualTo("creating");
        assertThat(clone.engine()).isEqualTo("aurora-postgresql");
        assertThat(production.rds().describeDBClusters().dbClusters()).extracting(DBCluster::dbClusterIdentifier)
                .as("production's account is unchanged").containsExactly("prod-db");
    }

    @Test
    void aShareWithAnotherAccountIsNoShareWithThisOne() {
        String arn = production.createSource("prod-db", "aurora-postgresql", null).dbClusterArn();
        production.share(arn, "111122223333");

        assertThatThrownBy(() -> restore("dev-1", arn, null)).isInstanceOf(DbClusterNotFoundException.class);
        assertThat(aws.clusterExists("dev-1")).isFalse();
    }

    @Test
    void aSharedClusterIsDescribedOnlyWithIncludeSharedAndShowsFewFields() {
        String key = production.createKey(List.of(StrictTwin.ACCOUNT));
        String arn = production.createSource("prod-db", "aurora-mysql", key).dbClusterArn();
        production.share(arn, StrictTwin.ACCOUNT);

        assertThatThrownBy(() -> aws.rds.describeDBClusters(r -> r.dbClusterIdentifier(arn)))
                .isInstanceOf(DbClusterNotFoundException.class);
        DBCluster shared = aws.rds.describeDBClusters(r -> r.dbClusterIdentifier(arn).includeShared(true)).dbClusters().get(0);

        assertThat(shared.dbClusterArn()).isEqualTo(arn);
        assertThat(shared.engine()).isEqualTo("aurora-mysql");
        assertThat(shared.storageEncrypted()).isTrue();
        assertThat(shared.engineVersion()).isNotBlank();
        assertThat(shared.status()).as("the owner's configuration is not shown").isNull();
        assertThat(shared.dbSubnetGroup()).isNull();
        assertThat(shared.vpcSecurityGroups()).isEmpty();
        assertThat(shared.dbClusterParameterGroup()).isNull();
        assertThat(shared.dbClusterMembers()).isEmpty();
        assertThat(shared.kmsKeyId()).isNull();
    }

    @Test
    void aShareThatIsDeletedStopsTheNextClone() {
        String arn = production.createSource("prod-db", "aurora-postgresql", null).dbClusterArn();
        String share = production.share(arn, StrictTwin.ACCOUNT);
        production.deleteShare(share);

        assertThatThrownBy(() -> restore("dev-1", arn, null)).isInstanceOf(DbClusterNotFoundException.class);
    }

    // ---- KMS ---------------------------------------------------------------------------------------

    @Test
    void anEncryptedSourceNeedsAKmsKeyIdThatThisAccountMayUse() {
        String granted = production.createKey(List.of(StrictTwin.ACCOUNT));
        String notGranted = production.createKey(List.of());
        String arn = production.createSource("prod-db", "aurora-postgresql", granted).dbClusterArn();
        production.share(arn, StrictTwin.ACCOUNT);

        assertThatThrownBy(() -> restore("dev-1", arn, null)).isInstanceOf(RdsException.class)
                .hasMessageContaining("KmsKeyId").extracting(e -> ((RdsException) e).awsErrorDetails().errorCode())
                .isEqualTo("InvalidParameterCombination");
        assertThatThrownBy(() -> restore("dev-1", arn, notGranted)).isInstanceOf(KmsKeyNotAccessibleException.class)
                .hasMessageContaining(notGranted);
        assertThat(aws.clusterExists("dev-1")).isFalse();

        restore("dev-1", arn, granted);
        DBCluster clone = aws.cluster("dev-1");
        assertThat(clone.kmsKeyId()).isEqualTo(granted);
        assertThat(clone.storageEncrypted()).isTrue();
    }

    @Test
    void theClonesOwnKeyInThisAccountIsUsableButTheSourcesKeyMustStillBeGranted() {
        String ownKey = aws.otherAccount(StrictTwin.ACCOUNT).createKey(List.of());
        String sourceKey = production.createKey(List.of());
        String arn = production.createSource("prod-db", "aurora-postgresql", sourceKey).dbClusterArn();
        production.share(arn, StrictTwin.ACCOUNT);

        assertThatThrownBy(() -> restore("dev-1", arn, ownKey)).isInstanceOf(KmsKeyNotAccessibleException.class)
                .hasMessageContaining(sourceKey);

        String grantedSourceKey = production.createKey(List.of(StrictTwin.ACCOUNT));
        String arn2 = production.createSource("prod-db-2", "aurora-postgresql", grantedSourceKey).dbClusterArn();
        production.share(arn2, StrictTwin.ACCOUNT);
        restore("dev-2", arn2, ownKey);
        assertThat(aws.cluster("dev-2").kmsKeyId()).isEqualTo(ownKey);
    }

    @Test
    void aSourceEncryptedWithTheDefaultRdsKeyCannotBeClonedAcrossAccounts() {
        String mine = aws.otherAccount(StrictTwin.ACCOUNT).createKey(List.of());
        String arn = production.createSource("prod-db", "aurora-postgresql", "").dbClusterArn();
        production.share(arn, StrictTwin.ACCOUNT);

        assertThatThrownBy(() -> restore("dev-1", arn, mine)).isInstanceOf(RdsException.class)
                .hasMessageContaining("default RDS key");
    }

    // ---- one clone per account -----------------------------------------------------------------------

    @Test
    void anAccountHoldsOneCrossAccountCloneOfACluster() {
        String arn = production.createSource("prod-db", "aurora-postgresql", null).dbClusterArn();
        production.share(arn, StrictTwin.ACCOUNT);
        restore("dev-1", arn, null);

        assertThatThrownBy(() -> restore("dev-2", arn, null)).isInstanceOf(RdsException.class)
                .hasMessageContaining("only one cross-account clone");
        assertThat(aws.twin.refusals(Rule.CROSS_ACCOUNT)).hasSize(1);

        aws.twin.deletingReads(0);
        aws.seedRds.deleteDBCluster(r -> r.dbClusterIdentifier("dev-1").skipFinalSnapshot(true));
        restore("dev-2", arn, null);
        assertThat(aws.clusterExists("dev-2")).isTrue();
    }

    @Test
    void withoutTheRuleMotoKnowsNoOtherAccount() {
        aws.twin.without(Rule.CROSS_ACCOUNT);
        String arn = production.createSource("prod-db", "aurora-postgresql", null).dbClusterArn();
        production.share(arn, StrictTwin.ACCOUNT);

        assertThatThrownBy(() -> restore("dev-1", arn, null)).isInstanceOf(DbClusterNotFoundException.class);
    }

    // ---- master credentials ----------------------------------------------------------------------------

    @Test
    void aManagedPasswordTakesTheClusterThroughResettingMasterCredentials() {
        aws.createCluster("dev-1", Map.of());

        DBCluster modified = aws.rds.modifyDBCluster(r -> r.dbClusterIdentifier("dev-1").manageMasterUserPassword(true)
                .applyImmediately(true)).dbCluster();
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(aws.rds.describeDBClusters(r -> r.dbClusterIdentifier("dev-1")).dbClusters().get(0).status());
        }

        assertThat(statuses).containsExactly("resetting-master-credentials", "resetting-master-credentials", "available");
        assertThat(modified.masterUserSecret().secretArn()).contains(":secret:rds!cluster-");
        assertThat(aws.cluster("dev-1").masterUserSecret().secretArn()).isEqualTo(modified.masterUserSecret().secretArn());
    }

    @Test
    void aClusterResettingItsCredentialsRefusesAnotherModification() {
        aws.createCluster("dev-1", Map.of());
        aws.rds.modifyDBCluster(r -> r.dbClusterIdentifier("dev-1").manageMasterUserPassword(true).applyImmediately(true));

        assertThatThrownBy(() -> aws.rds.modifyDBCluster(r -> r.dbClusterIdentifier("dev-1").deletionProtection(false)))
                .isInstanceOf(InvalidDbClusterStateException.class).hasMessageContaining("resetting-master-credentials");
    }

    @Test
    void aManagedPasswordWithAPasswordOrOnAClusterNotAvailableIsRefused() {
        aws.createCluster("dev-1", Map.of());
        assertThatThrownBy(() -> aws.rds.modifyDBCluster(r -> r.dbClusterIdentifier("dev-1").manageMasterUserPassword(true)
                .masterUserPassword("another-one").applyImmediately(true))).isInstanceOf(RdsException.class)
                .extracting(e -> ((RdsException) e).awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination");

        aws.createSource("prod-db", "aurora-postgresql");
        aws.rds.restoreDBClusterToPointInTime(r -> r.dbClusterIdentifier("dev-2").sourceDBClusterIdentifier("prod-db")
                .restoreType("copy-on-write").useLatestRestorableTime(true));
        assertThatThrownBy(() -> aws.rds.modifyDBCluster(r -> r.dbClusterIdentifier("dev-2").manageMasterUserPassword(true)
                .applyImmediately(true))).isInstanceOf(InvalidDbClusterStateException.class).hasMessageContaining("creating");
    }

    @Test
    void withoutTheRuleMotoShowsTheClusterAvailableAtOnce() {
        aws.twin.without(Rule.MASTER_CREDENTIALS);
        aws.createCluster("dev-1", Map.of());
        aws.rds.modifyDBCluster(r -> r.dbClusterIdentifier("dev-1").manageMasterUserPassword(true).applyImmediately(true));

        assertThat(aws.rds.describeDBClusters(r -> r.dbClusterIdentifier("dev-1")).dbClusters().get(0).status())
                .isEqualTo("available");
    }

    private void restore(String id, String sourceArn, String kmsKeyId) {
        aws.rds.restoreDBClusterToPointInTime(r -> {
            r.dbClusterIdentifier(id).sourceDBClusterIdentifier(sourceArn).restoreType("copy-on-write")
                    .useLatestRestorableTime(true);
            if (kmsKeyId != null) {
                r.kmsKeyId(kmsKeyId);
            }
        });
    }
}
