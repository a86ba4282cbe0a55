package dev.aurorarefresh.core;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What one DescribeDBClusters entry tells us about a cluster (source or candidate clone). */
public record ClusterView(
        String id,
        String arn,
        String status,
        String engine,
        String endpoint,
        String readerEndpoint,
        boolean deletionProtection,
        Optional<Instant> createTime,
        Map<String, String> tags,
        /** null when not known: probes then use the engine's default port */
        Integer port,
        /** the cluster's Serverless v2 scaling, empty for a provisioned-only cluster */
        Optional<ServerlessScaling> serverlessV2,
        /** the secret RDS keeps the master password in (ManageMasterUserPassword), its ARN; empty if none */
        Optional<String> masterUserSecretArn,
        /** the copy-on-write clone group it shares with its source and their other clones; empty if none */
        Optional<String> cloneGroupId) {

    /** A cluster in no clone group, with no managed master secret (or where neither matters). */
    public ClusterView(String id, String arn, String status, String engine, String endpoint, String readerEndpoint,
            boolean deletionProtection, Optional<Instant> createTime, Map<String, String> tags, Integer port,
            Optional<ServerlessScaling> serverlessV2) {
        this(id, arn, status, engine, endpoint, readerEndpoint, deletionProtection, createTime, tags, port, serverlessV2,
                Optional.empty(), Optional.empty());
    }

    public ClusterView withStatus(String newStatus) {
        return new ClusterView(id, arn, newStatus, engine, endpoint, readerEndpoint, deletionProtection, createTime, tags, port,
                serverlessV2, masterUserSecretArn, cloneGroupId);
    }

    public ClusterView withDeletionProtection(boolean on) {
        return new ClusterView(id, arn, status, engine, endpoint, readerEndpoint, on, createTime, tags, port, serverlessV2,
                masterUserSecretArn, cloneGroupId);
    }

    public ClusterView withTags(Map<String, String> newTags) {
        return new ClusterView(id, arn, status, engine, endpoint, readerEndpoint, deletionProtection, createTime, newTags, port,
                serverlessV2, masterUserSecretArn, cloneGroupId);
    }

    public ClusterView withMasterUserSecret(String secretArn) {
        return new ClusterView(id, arn, status, engine, endpoint, readerEndpoint, deletionProtection, createTime, tags, port,
                serverlessV2, Optional.of(secretArn), cloneGroupId);
    }

    public Optional<Lifecycle> lifecycle() {
        return Lifecycle.fromTag(tags.get(Tags.LIFECYCLE));
    }

    /** When the clone was requested: the tag, or AWS's create time when the tag is unreadable. */
    public Instant createdAt() {
        try {
            String tag = tags.get(Tags.CREATED_AT);
            if (tag != null) {
                return Instant.parse(tag);
            }
        } catch (RuntimeException unreadable) {
            // fall through
        }
        return createTime.orElse(Instant.EPOCH);
    }
}
