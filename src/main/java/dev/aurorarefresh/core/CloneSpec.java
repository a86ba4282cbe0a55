package dev.aurorarefresh.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A copy-on-write restore of the source at its latest restorable time, fully resolved. */
public record CloneSpec(
        String cloneId,
        String sourceClusterId,
        String dbSubnetGroup,
        List<String> vpcSecurityGroupIds,
        String dbClusterParameterGroup,
        Integer port,
        Optional<ServerlessScaling> serverlessV2,
        boolean deletionProtection,
        Map<String, String> tags,
        boolean iamDatabaseAuthentication,
        ClusterFeatures features,
        /** KmsKeyId of the restore; empty: RDS uses the source's key */
        Optional<String> kmsKeyId) {

    public CloneSpec(String cloneId, String sourceClusterId, String dbSubnetGroup, List<String> vpcSecurityGroupIds,
            String dbClusterParameterGroup, Integer port, Optional<ServerlessScaling> serverlessV2, boolean deletionProtection,
            Map<String, String> tags, boolean iamDatabaseAuthentication, ClusterFeatures features) {
        this(cloneId, sourceClusterId, dbSubnetGroup, vpcSecurityGroupIds, dbClusterParameterGroup, port, serverlessV2,
                deletionProtection, tags, iamDatabaseAuthentication, features, Optional.empty());
    }
}
