package dev.aurorarefresh.core;

import java.util.List;
import java.util.Optional;

/** Settings for new clones; an empty value means "copy it from the source" (serverlessV2: the scaling options). */
public record CloneSettings(
        Optional<String> instanceClass,
        int instanceCount,
        Optional<String> dbSubnetGroup,
        Optional<List<String>> vpcSecurityGroupIds,
        Optional<String> dbClusterParameterGroup,
        Optional<String> dbParameterGroup,
        boolean deletionProtection,
        boolean finalSnapshot,
        FeatureOverrides overrides,
        Optional<ServerlessScaling> serverlessV2) {
}
