package dev.aurorarefresh.port;

import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.CloneSpec;
import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.InstanceView;
import dev.aurorarefresh.core.SourceCluster;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a pass needs from RDS, in the core's terms. Mutations report "already done" as a normal
 * result ({@code false}) rather than an error, so every step is safe to repeat.
 */
public interface RdsPort {

    Optional<SourceCluster> describeSource(String clusterId);

    Optional<ClusterView> describeCluster(String clusterId);

    /**
     * The source and every cluster that may be one of its clones, in one listing: every cluster
     * where that fits in one page (one call), else the source's clone group (the source is a
     * member) where RDS filters on it. The source is empty if there is no cluster of that name.
     */
    Clusters listClusters(String sourceId, Optional<String> cloneGroupId);

    /** One listing: the source as a source, and every cluster listed (the source among them). */
    record Clusters(Optional<SourceCluster> source, List<ClusterView> clusters) {
    }

    /** Instances of these clusters, in as few calls as the API allows. */
    List<InstanceView> describeInstances(Collection<String> clusterIds);

    /**
     * DescribeDBEngineVersions' ServerlessV2FeaturesSupport.MinCapacity for this version (0: it can
     * auto-pause); empty when RDS does not say, and the documented versions decide.
     */
    Optional<Double> serverlessMinCapacity(String engine, String engineVersion);

    /**
     * DescribeDBEngineVersions' ServerlessV2FeaturesSupport.MaxCapacity for this version (128 on
     * older versions, 256 on newer ones); empty when RDS does not say.
     */
    Optional<Double> serverlessMaxCapacity(String engine, String engineVersion);

    /** @return false if a cluster of that name already exists */
    boolean restoreClone(CloneSpec spec);

    /** @return false if an instance of that name already exists */
    boolean createInstance(Action.CreateInstance instance);

    void addTags(String arn, Map<String, String> tags);

    void disableDeletionProtection(String clusterId);

    /** ModifyDBCluster DeletionProtection=true; {@link NotReadyException} while the cluster is not available. */
    void enableDeletionProtection(String clusterId);

    /** The account's quotas a pass can run into (DescribeAccountAttributes); unknown where RDS does not answer. */
    dev.aurorarefresh.core.AccountQuotas accountQuotas();

    /** @return false if it is already gone or being deleted */
    boolean deleteInstance(String instanceId);

    /**
     * @return a result; NOT_YET when RDS still sees live instances in it; SNAPSHOT_QUOTA_FULL when
     *     it refused the final snapshot for the account's manual cluster snapshot quota (nothing deleted)
     */
    DeleteResult deleteCluster(String clusterId, Optional<String> finalSnapshotId);

    enum DeleteResult { DELETED, ALREADY_GONE, NOT_YET, SNAPSHOT_QUOTA_FULL }
}
