package dev.aurorarefresh.port;

import dev.aurorarefresh.core.AccountQuotas;
import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.FinalSnapshot;
import dev.aurorarefresh.core.InstanceView;
import dev.aurorarefresh.core.SourceCluster;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** What a pass reads from RDS, in the core's terms. Reads change nothing: anything may hold them. */
public interface RdsReads {

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

    /** The account's quotas a pass can run into (DescribeAccountAttributes); unknown where RDS does not answer. */
    AccountQuotas accountQuotas();

    /**
     * The account's manual cluster snapshots named like final snapshots ({@code <cluster>-final-<14 digits>}),
     * with their tags (DescribeDBClusterSnapshots SnapshotType=manual, every page): whose they are, the planner decides.
     */
    List<FinalSnapshot> finalSnapshots();
}
