package dev.aurorarefresh.port;

import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.CloneSpec;
import java.util.Map;
import java.util.Optional;

/**
 * What a pass changes in RDS. Only {@code pass.ActionRunner} calls these ({@code WritersTest}
 * checks the bytecode). Mutations report "already done" as a normal result ({@code false}) rather
 * than an error, so every step is safe to repeat.
 */
public interface RdsWrites {

    /** @return false if a cluster of that name already exists */
    boolean restoreClone(CloneSpec spec);

    /** @return false if an instance of that name already exists */
    boolean createInstance(Action.CreateInstance instance);

    void addTags(String arn, Map<String, String> tags);

    void disableDeletionProtection(String clusterId);

    /**
     * ModifyDBCluster ManageMasterUserPassword: RDS generates the master password and keeps it in a
     * secret it manages, encrypted with {@code secretKmsKeyId} (MasterUserSecretKmsKeyId; empty: the
     * account's aws/secretsmanager key). @return the secret's ARN
     * @throws NotReadyException while RDS takes no change to the cluster (e.g. another run's is under way)
     */
    String manageMasterPassword(String clusterId, java.util.Optional<String> secretKmsKeyId);

    /**
     * ModifyDBCluster MasterUserPassword (ApplyImmediately): the cluster's master password becomes {@code password}.
     * @throws NotReadyException while RDS takes no change to the cluster
     * @throws PortException whose message never holds the password
     */
    void setMasterPassword(String clusterId, Secret password);

    /** ModifyDBCluster DeletionProtection=true; {@link NotReadyException} while RDS refuses it for the cluster's state. */
    void enableDeletionProtection(String clusterId);

    /** @return false if it is already gone or being deleted */
    boolean deleteInstance(String instanceId);

    /**
     * @return a result; INSTANCES_LEFT when RDS still sees live instances in it; SNAPSHOT_QUOTA_FULL
     *     when it refused the final snapshot for the account's manual cluster snapshot quota (nothing deleted)
     */
    DeleteResult deleteCluster(String clusterId, Optional<String> finalSnapshotId);

    enum DeleteResult { DELETED, ALREADY_GONE, INSTANCES_LEFT, SNAPSHOT_QUOTA_FULL }

    /** DeleteDBClusterSnapshot. @return false if it is already gone (or being deleted) */
    boolean deleteClusterSnapshot(String snapshotId);
}
