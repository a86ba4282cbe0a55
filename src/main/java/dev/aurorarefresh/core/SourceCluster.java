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
        String engineVersion) {

    public boolean isAurora() {
        return engine != null && engine.startsWith("aurora");
    }
}
