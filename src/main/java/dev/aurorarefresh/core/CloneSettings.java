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
        /** the KMS key the clone is encrypted with (a shared encrypted source needs one); empty: the source's */
        Optional<String> kmsKeyId,
        /** what the clone's master password becomes before it is ready */
        MasterPassword masterPassword,
        /** --master-user-secret-kms-key-id: the customer managed key RDS encrypts the clone's master secret with; empty: aws/secretsmanager */
        Optional<String> masterUserSecretKmsKeyId,
        /** a restore past the source's 15 copy-on-write clones, which AWS makes as a full copy, is made anyway */
        boolean allowFullCopy,
        /** with {@link MasterPassword#SECRET}: the ARN of the secret whose "password" the clone's master password becomes */
        Optional<String> masterPasswordSecretArn) {

    /** Settings whose master password is managed by RDS or kept. */
    public CloneSettings(Optional<String> instanceClass, int instanceCount, Optional<String> dbSubnetGroup,
            Optional<List<String>> vpcSecurityGroupIds, Optional<String> dbClusterParameterGroup, Optional<String> dbParameterGroup,
            boolean deletionProtection, boolean finalSnapshot, FeatureOverrides overrides, Optional<ServerlessScaling> serverlessV2,
            Optional<String> kmsKeyId, MasterPassword masterPassword, boolean allowFullCopy) {
        this(instanceClass, instanceCount, dbSubnetGroup, vpcSecurityGroupIds, dbClusterParameterGroup, dbParameterGroup,
                deletionProtection, finalSnapshot, overrides, serverlessV2, kmsKeyId, masterPassword, Optional.empty(), allowFullCopy,
                Optional.empty());
    }

    /** Settings whose clones take the source's KMS key, their master password replaced (the default). */
    public CloneSettings(Optional<String> instanceClass, int instanceCount, Optional<String> dbSubnetGroup,
            Optional<List<String>> vpcSecurityGroupIds, Optional<String> dbClusterParameterGroup, Optional<String> dbParameterGroup,
            boolean deletionProtection, boolean finalSnapshot, FeatureOverrides overrides, Optional<ServerlessScaling> serverlessV2) {
        this(instanceClass, instanceCount, dbSubnetGroup, vpcSecurityGroupIds, dbClusterParameterGroup, dbParameterGroup,
                deletionProtection, finalSnapshot, overrides, serverlessV2, Optional.empty(), MasterPassword.MANAGED, false);
    }
}
