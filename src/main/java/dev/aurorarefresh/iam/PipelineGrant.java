package dev.aurorarefresh.iam;

import dev.aurorarefresh.core.MasterPassword;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.pass.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one pipeline's policy names: its ownership tag, source, clone prefix, hosted zone id and
 * records, and the optional grants (final snapshots, the enhanced monitoring role, the database
 * login's IAM user, secret and key). The same
 * normal forms as terraform/modules/aurora-refresh: ARNs carry the prefix and source in lower case
 * (as RDS stores identifiers), the tags carry them as given.
 */
public record PipelineGrant(String pipeline, String source, String prefix, String hostedZoneId, List<String> records,
        boolean finalSnapshot, Optional<String> monitoringRoleArn, DatabaseLogin login,
        /** --kms-key-id: the key the clones are encrypted with */
        Optional<String> cloneKmsKeyId,
        /** --master-password managed: RDS makes a secret for each clone's master password */
        boolean managedMasterPassword,
        /** --master-user-secret-kms-key-id: the customer managed key of that secret */
        Optional<String> masterSecretKmsKeyId,
        /** --master-password secret:ARN: the secret the clones' master password is read from */
        Optional<String> masterPasswordSecretArn) {

    public PipelineGrant {
        records = List.copyOf(records);
    }

    /** A pipeline whose clones' master password is managed by RDS (its secret under aws/secretsmanager) or kept. */
    public PipelineGrant(String pipeline, String source, String prefix, String hostedZoneId, List<String> records,
            boolean finalSnapshot, Optional<String> monitoringRoleArn, DatabaseLogin login, Optional<String> cloneKmsKeyId,
            boolean managedMasterPassword) {
        this(pipeline, source, prefix, hostedZoneId, records, finalSnapshot, monitoringRoleArn, login, cloneKmsKeyId,
                managedMasterPassword, Optional.empty(), Optional.empty());
    }

    /** A pipeline whose clones keep the source's key and get a master password RDS keeps in its secret (the default). */
    public PipelineGrant(String pipeline, String source, String prefix, String hostedZoneId, List<String> records,
            boolean finalSnapshot, Optional<String> monitoringRoleArn, DatabaseLogin login) {
        this(pipeline, source, prefix, hostedZoneId, records, finalSnapshot, monitoringRoleArn, login, Optional.empty(), true);
    }

    /** A pipeline whose probes and hooks need nothing from IAM to log in. */
    public PipelineGrant(String pipeline, String source, String prefix, String hostedZoneId, List<String> records,
            boolean finalSnapshot, Optional<String> monitoringRoleArn) {
        this(pipeline, source, prefix, hostedZoneId, records, finalSnapshot, monitoringRoleArn, DatabaseLogin.NONE);
    }

    /** The clone prefix as it appears in ARNs, and the key of the pipeline's policy. */
    public String key() {
        return prefix.toLowerCase(Locale.ROOT);
    }

    /**
     * The grant of a pipeline as the options define it, its probes logging in by {@code login}. The policy names the zone by id, so a
     * pipeline whose zone is given by name cannot be written down offline.
     *
     * @throws ConfigurationException (exit 2) when the zone is given by name
     */
    public static PipelineGrant of(Pipeline p, DatabaseLogin login) {
        if (!p.record().zone().isId()) {
            throw new ConfigurationException("--hosted-zone-id: missing; the policy names the zone by id: give --hosted-zone-id"
                    + " instead of --hosted-zone " + p.record().zone().value() + " (aws route53 list-hosted-zones-by-name"
                    + " --dns-name " + p.record().zone().value() + ")");
        }
        List<String> records = new ArrayList<>(List.of(p.record().writerRecord()));
        p.record().readerRecord().ifPresent(records::add);
        return new PipelineGrant(p.name(), p.sourceClusterId(), p.naming().prefix(), p.record().zone().value(), records,
                p.settings().finalSnapshot(), p.settings().overrides().monitoringRoleArn(), login, p.settings().kmsKeyId(),
                p.settings().masterPassword() == MasterPassword.MANAGED, p.settings().masterUserSecretKmsKeyId(),
                p.settings().masterPasswordSecretArn());
    }
}
