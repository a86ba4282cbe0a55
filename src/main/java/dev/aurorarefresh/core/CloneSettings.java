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
        Optional<ServerlessScaling> serverlessV2,
        /** a restore past the source's 15 copy-on-write clones, which AWS makes as a full copy, is made anyway */
        boolean allowFullCopy) {
}
