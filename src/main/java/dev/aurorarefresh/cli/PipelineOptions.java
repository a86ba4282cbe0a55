package dev.aurorarefresh.cli;

import dev.aurorarefresh.core.CloneNaming;
import dev.aurorarefresh.core.CloneSettings;
import dev.aurorarefresh.core.CloneCycle;
import dev.aurorarefresh.core.Durations;
import dev.aurorarefresh.core.MasterPassword;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.RecordTarget;
import dev.aurorarefresh.core.SourceArn;
import dev.aurorarefresh.pass.ConfigurationException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options that define one pipeline, shared by every command. Each value is converted by its
 * type ({@link OptionTypes}); what depends on several options (names derived from the source and
 * the date pattern, the zone given one way) is checked in {@link #toPipeline()}.
 */
public class PipelineOptions {
    private static final Instant SAMPLE = Instant.parse("2026-12-31T23:59:59Z");

    @Option(names = "--source-cluster", converter = OptionTypes.SourceCluster.class,
            description = "Source Aurora cluster identifier, or the ARN of a cluster another account shares with this one (required).")
    String sourceCluster;

    @Option(names = "--clone-prefix", converter = OptionTypes.ClonePrefix.class,
            description = "Clones are named <prefix>-<date>. Default: <source>-clone.")
    String clonePrefix;

    @Option(names = "--pipeline", converter = OptionTypes.TagValue.class,
            description = "Pipeline name, the ownership tag. Default: the clone prefix.")
    String pipeline;

    @Option(names = "--date-pattern", defaultValue = "yyyyMMdd",
            description = "Naming period, a java.time pattern. Default: ${DEFAULT-VALUE}.")
    String datePattern;

    @Option(names = "--time-zone", defaultValue = "UTC", converter = OptionTypes.Zone.class,
            description = "Zone of the naming date. Default: ${DEFAULT-VALUE}.")
    ZoneId timeZone;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    HostedZone zone = new HostedZone();

    /** The zone the record lives in: by name or by id, exactly one. */
    static class HostedZone {
        @Option(names = "--hosted-zone", converter = OptionTypes.DnsName.class,
                description = "Route53 hosted zone name (or use --hosted-zone-id).")
        String name;

        @Option(names = "--hosted-zone-id", converter = OptionTypes.HostedZoneId.class,
                description = "Route53 hosted zone id (or use --hosted-zone).")
        String id;

        /**
         * picocli rejects both on the command line; one may also come from the environment and the
         * other from the command line, which only this check sees.
         */
        RecordTarget.ZoneRef ref() {
            if ((name == null) == (id == null)) {
                throw new ConfigurationException(UsageErrors.ZONE_GROUP + ": give exactly one of them"
                        + (name == null ? " (neither is set)" : " (both are set)"));
            }
            return id != null ? new RecordTarget.ZoneRef(id, true) : new RecordTarget.ZoneRef(name, false);
        }
    }

    @Option(names = "--record", converter = OptionTypes.DnsName.class, description = "The CNAME that follows the newest clone (required).")
    String record;

    @Option(names = "--ttl", defaultValue = "60", converter = OptionTypes.Ttl.class,
            description = "TTL of the record(s), seconds. Default: ${DEFAULT-VALUE}.")
    int ttl;

    @Option(names = "--reader-record", converter = OptionTypes.DnsName.class,
            description = "Optional CNAME for the clone's reader endpoint.")
    String readerRecord;

    @Option(names = "--instance-class", converter = OptionTypes.InstanceClass.class,
            description = "Instance class in the clone. Default: the source writer's.")
    String instanceClass;

    @Option(names = "--instance-count", defaultValue = "1", converter = OptionTypes.InstanceCount.class,
            description = "Instances in the clone. Default: ${DEFAULT-VALUE}.")
    int instanceCount;

    @Option(names = "--db-subnet-group", converter = OptionTypes.SubnetGroup.class, description = "Default: the source's.")
    String dbSubnetGroup;

    @Option(names = "--vpc-security-group-ids", converter = OptionTypes.SecurityGroups.class,
            description = "Comma-separated. Default: the source's.")
    OptionTypes.Names vpcSecurityGroupIds;

    @Option(names = "--db-cluster-parameter-group", converter = OptionTypes.ParameterGroup.class,
            description = "Default: the source's.")
    String dbClusterParameterGroup;

    @Option(names = "--db-parameter-group", converter = OptionTypes.ParameterGroup.class,
            description = "Default: the source writer's.")
    String dbParameterGroup;

    @Option(names = "--kms-key-id", converter = OptionTypes.KmsKeyId.class,
            description = "KMS key the clones are encrypted with (required for an encrypted source in another account). Default: the source's.")
    String kmsKeyId;

    @Option(names = "--master-password", converter = OptionTypes.MasterPasswordMode.class,
            description = "managed: replace the clone's master password (production's) by one RDS keeps in a secret it manages, "
                    + "before the clone is ready; secret:<ARN>: set it to the \"password\" of that Secrets Manager secret instead;"
                    + " keep: keep production's (a warning says so). Default: managed.")
    OptionTypes.MasterPasswordChoice masterPasswordChoice;

    @Option(names = "--master-user-secret-kms-key-id", converter = OptionTypes.KmsKeyId.class,
            description = "With --master-password managed: the customer managed KMS key RDS encrypts the clone's master"
                    + " password secret with. Default: the account's aws/secretsmanager key.")
    String masterUserSecretKmsKeyId;

    @Option(names = "--deletion-protection", defaultValue = "false", arity = "0..1", fallbackValue = "true",
            converter = OptionTypes.Bool.class,
            description = "Protect clones while they live (turned off before clean deletes). Default: ${DEFAULT-VALUE}.")
    boolean deletionProtection;

    @Option(names = "--final-snapshot", defaultValue = "false", arity = "0..1", fallbackValue = "true",
            converter = OptionTypes.Bool.class,
            description = "Take a final snapshot <clone>-final-<yyyyMMddHHmmss> (UTC) when deleting. Default: ${DEFAULT-VALUE}.")
    boolean finalSnapshot;

    @Option(names = "--final-snapshot-retain", defaultValue = "7", converter = OptionTypes.Retain.class,
            description = "With --final-snapshot: how many of the pipeline's own final snapshots clean keeps (the newest);"
                    + " it deletes the older ones. Default: ${DEFAULT-VALUE}.")
    int finalSnapshotRetain;

    @Option(names = "--allow-full-copy", defaultValue = "false", arity = "0..1", fallbackValue = "true",
            converter = OptionTypes.Bool.class,
            description = "Clone even when the source already has AWS's 15 copy-on-write clones (AWS then makes a full copy:"
                    + " slow, fully billed). Default: ${DEFAULT-VALUE}: such a run exits 1 before the restore.")
    boolean allowFullCopy;

    @Option(names = "--retain", defaultValue = "0", converter = OptionTypes.Retain.class,
            description = "Aborted clones kept for rollback. Default: ${DEFAULT-VALUE}.")
    int retain;

    @Option(names = "--wait-timeout", defaultValue = "45m", converter = OptionTypes.PositiveDuration.class,
            description = "How long one run waits. Default: ${DEFAULT-VALUE}.")
    Duration waitTimeout;

    @Option(names = "--give-up-after", defaultValue = "6h", converter = OptionTypes.PositiveDuration.class,
            description = "Age at which a still-created clone is tagged failed. Default: ${DEFAULT-VALUE}.")
    Duration giveUpAfter;

    @Option(names = "--clone-cycle", converter = OptionTypes.CloneCycleMode.class,
            description = "overlap: make the new clone while the current one stays connected, then switch; replace: take the "
                    + "record off the current clone and delete it first, then make the new one (the name has no database "
                    + "meanwhile; the only cycle AWS allows for a source in another account). Default: replace for a source "
                    + "given by its ARN (another account's), else overlap.")
    CloneCycle cloneCycle;

    @Option(names = "--keep-replaced-for", defaultValue = "0", converter = OptionTypes.GracePeriod.class,
            description = "Grace period of a replaced clone: clean deletes it only this long after the record moved off it "
                    + "(then --retain applies). Default: ${DEFAULT-VALUE}.")
    Duration keepReplacedFor;

    @Mixin
    CloneFeatureOptions features = new CloneFeatureOptions();

    @Mixin
    ServerlessOptions serverless = new ServerlessOptions();

    /** @throws ConfigurationException naming the first missing option or bad combination */
    public Pipeline toPipeline() {
        String source = required("--source-cluster", sourceCluster);
        String prefix = Optional.ofNullable(clonePrefix).orElse(SourceArn.clusterId(source) + "-clone");
        if (!OptionTypes.ClonePrefix.valid(prefix)) {
            throw bad("--clone-prefix", prefix, OptionTypes.ClonePrefix.VALID);
        }
        String name = Optional.ofNullable(pipeline).orElse(prefix);
        CloneNaming naming = new CloneNaming(prefix, datePattern, timeZone);
        String sampleClone;
        try {
            DateTimeFormatter.ofPattern(datePattern);
            sampleClone = naming.cloneName(SAMPLE);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw bad("--date-pattern", datePattern, "a java.time pattern of digits and letters, e.g. yyyyMMdd or yyyyMMdd-HH");
        }
        String sampleInstance = CloneNaming.instanceName(sampleClone, instanceCount);
        if (!OptionTypes.isRdsId(sampleInstance)) {
            throw bad("--date-pattern", datePattern, "a pattern that keeps names valid RDS identifiers (letters, digits, "
                    + "single hyphens, at most 63 characters); it gives '" + sampleInstance + "'");
        }
        RecordTarget.ZoneRef zoneRef = zone.ref();
        String writer = required("--record", record);
        if (SourceArn.isArn(source)) {
            requireWhatAnotherAccountHides(source);
        }
        MasterPassword password = masterPassword();
        if (masterUserSecretKmsKeyId != null && password != MasterPassword.MANAGED) {
            throw new ConfigurationException("--master-user-secret-kms-key-id: only with --master-password managed (the key"
                    + " encrypts the secret RDS keeps the new password in); with --master-password " + password.optionValue()
                    + " there is no such secret: remove one of them");
        }
        if (password == MasterPassword.KEEP) {
            Logger.getLogger("aurora-refresh").warnf("--master-password keep: the clones of %s keep its master password:"
                    + " whoever holds a clone's master login holds the source's", source);
        }
        CloneSettings settings = new CloneSettings(Optional.ofNullable(instanceClass), instanceCount,
                Optional.ofNullable(dbSubnetGroup), Optional.ofNullable(vpcSecurityGroupIds).map(OptionTypes.Names::values),
                Optional.ofNullable(dbClusterParameterGroup), Optional.ofNullable(dbParameterGroup),
                deletionProtection, finalSnapshot, features.toOverrides(), serverless.toScaling(), Optional.ofNullable(kmsKeyId),
                password, Optional.ofNullable(masterUserSecretKmsKeyId),
                allowFullCopy, Optional.ofNullable(masterPasswordChoice).flatMap(OptionTypes.MasterPasswordChoice::secretArn));
        return new Pipeline(name, source, naming, new RecordTarget(zoneRef, writer, Optional.ofNullable(readerRecord), ttl),
                settings, retain, waitTimeout, giveUpAfter, keepReplacedFor == null ? Duration.ZERO : keepReplacedFor,
                finalSnapshotRetain, cloneCycle(source));
    }

    /** --clone-cycle, by default replace for another account's source; with replace no clone outlives the next one. */
    private CloneCycle cloneCycle(String source) {
        CloneCycle cycle = Optional.ofNullable(cloneCycle).orElse(SourceArn.isArn(source) ? CloneCycle.REPLACE : CloneCycle.OVERLAP);
        String noneKept = " with --clone-cycle replace: each clone is deleted before the next is made, so none is kept";
        if (cycle == CloneCycle.REPLACE && retain > 0) {
            throw bad("--retain", String.valueOf(retain), "0" + noneKept);
        }
        if (cycle == CloneCycle.REPLACE && keepReplacedFor != null && !keepReplacedFor.isZero()) {
            throw bad("--keep-replaced-for", Durations.format(keepReplacedFor), "0" + noneKept);
        }
        return cycle;
    }

    /** --master-password, managed unless given (docs/design.md, "Credentials"). */
    private MasterPassword masterPassword() {
        return Optional.ofNullable(masterPasswordChoice).map(OptionTypes.MasterPasswordChoice::mode).orElse(MasterPassword.MANAGED);
    }

    /**
     * RDS shows a cluster of another account with few fields: what a clone would take from it
     * must be given (docs/deploy.md, "What AWS allows across accounts"); one line names all that is missing.
     */
    private void requireWhatAnotherAccountHides(String source) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("--instance-class", instanceClass);
        settings.put("--db-subnet-group", dbSubnetGroup);
        settings.put("--vpc-security-group-ids", vpcSecurityGroupIds);
        settings.put("--db-cluster-parameter-group", dbClusterParameterGroup);
        settings.put("--db-parameter-group", dbParameterGroup);
        List<String> missing = settings.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList();
        if (!missing.isEmpty()) {
            throw new ConfigurationException(String.join(", ", missing) + ": missing; the source " + source
                    + " is another account's cluster, whose settings this account cannot read: set "
                    + (missing.size() == 1 ? "it or " : "them or ")
                    + String.join(", ", missing.stream().map(EnvDefaults::variableFor).toList()));
        }
    }

    static String required(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(option + ": missing; set it or " + EnvDefaults.variableFor(option));
        }
        return value.trim();
    }

    static ConfigurationException bad(String option, String value, String valid) {
        return new ConfigurationException(option + ": " + OptionTypes.invalid(value, valid).getMessage());
    }
}
