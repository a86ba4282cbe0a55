package dev.aurorarefresh.core;

import java.util.List;
import java.util.Optional;

/** The production cluster: only ever read. */
public record SourceCluster(
        String id,
        String engine,
        String status,
        Optional<String> cloneGroupId,
        String dbSubnetGroup,
        List<String> vpcSecurityGroupIds,
        String dbClusterParameterGroup,
        Integer port,
        Optional<ServerlessScaling> serverlessV2,
        Optional<String> writerInstanceId,
        boolean iamDatabaseAuthentication,
        ClusterFeatures features,
        String engineVersion,
        boolean storageEncrypted) {

    /** The status of a cluster another account shares: RDS does not show it to this account. */
    public static final String SHARED = "shared";

    public SourceCluster(String id, String engine, String status, Optional<String> cloneGroupId, String dbSubnetGroup,
            List<String> vpcSecurityGroupIds, String dbClusterParameterGroup, Integer port, Optional<ServerlessScaling> serverlessV2,
            Optional<String> writerInstanceId, boolean iamDatabaseAuthentication, ClusterFeatures features, String engineVersion) {
        this(id, engine, status, cloneGroupId, dbSubnetGroup, vpcSecurityGroupIds, dbClusterParameterGroup, port, serverlessV2,
                writerInstanceId, iamDatabaseAuthentication, features, engineVersion, false);
    }

    /**
     * A cluster of another account, as RDS shows it to this one (its ARN, engine, version and
     * whether it is encrypted, nothing else): docs/deploy.md, "What AWS allows across accounts".
     */
    public static SourceCluster shared(String arn, String engine, String engineVersion, boolean storageEncrypted) {
        return new SourceCluster(arn, engine, SHARED, Optional.empty(), null, List.of(), null, null, Optional.empty(),
                Optional.empty(), false, new ClusterFeatures(Optional.empty(), List.of(), false, Optional.empty()), engineVersion,
                storageEncrypted);
    }

    public boolean isShared() {
        return SHARED.equals(status);
    }

    public boolean isAurora() {
        return engine != null && engine.startsWith("aurora");
    }
}
