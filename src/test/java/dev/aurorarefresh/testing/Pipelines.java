package dev.aurorarefresh.testing;

import dev.aurorarefresh.core.CloneNaming;
import dev.aurorarefresh.core.CloneSettings;
import dev.aurorarefresh.core.FeatureOverrides;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.RecordTarget;
import dev.aurorarefresh.core.ServerlessScaling;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Pipelines for tests, as the options' defaults make them (main code builds them only from options):
 * pipeline and prefix {@code dev}, clones of {@code prod-db} named {@code dev-yyyyMMdd} (UTC), the
 * record {@code dev-db.example.internal} in the zone named {@code example.internal}, TTL 60, one
 * instance copied from the source, retain 0, wait 45m, give up after 6h, replaced clones deleted at
 * once. A test says only what it varies: {@code Pipelines.dev().withSource("billing-db").build()}.
 */
public final class Pipelines {
    private String name = "dev";
    private String source = RefreshFixture.SOURCE;
    private String prefix = "dev";
    private String datePattern = "yyyyMMdd";
    private String zone = "example.internal";
    private String record = "dev-db.example.internal";
    private Optional<String> readerRecord = Optional.empty();
    private Optional<String> instanceClass = Optional.empty();
    private int instanceCount = 1;
    private boolean deletionProtection;
    private boolean finalSnapshot;
    private boolean allowFullCopy;
    private int finalSnapshotRetain = Pipeline.DEFAULT_FINAL_SNAPSHOT_RETAIN;
    private FeatureOverrides overrides = FeatureOverrides.NONE;
    private Optional<ServerlessScaling> serverless = Optional.empty();
    private int retain;
    private Duration waitTimeout = Duration.ofMinutes(45);
    private Duration keepReplacedFor = Duration.ZERO;
    private dev.aurorarefresh.core.CloneCycle cloneCycle = dev.aurorarefresh.core.CloneCycle.OVERLAP;

    private Pipelines() {
    }

    public static Pipelines dev() {
        return new Pipelines();
    }

    /** The pipeline {@code name}, its clones named {@code prefix-<datePattern>}. */
    public Pipelines withName(String name, String prefix, String datePattern) {
        this.name = name;
        this.prefix = prefix;
        this.datePattern = datePattern;
        return this;
    }

    public Pipelines withSource(String source) {
        this.source = source;
        return this;
    }

    /** The writer record, in the zone named {@code zone}. */
    public Pipelines withRecord(String zone, String record) {
        this.zone = zone;
        this.record = record;
        return this;
    }

    public Pipelines withReaderRecord(Optional<String> readerRecord) {
        this.readerRecord = readerRecord;
        return this;
    }

    public Pipelines withInstances(Optional<String> instanceClass, int count) {
        this.instanceClass = instanceClass;
        this.instanceCount = count;
        return this;
    }

    public Pipelines withDeletionProtection(boolean on) {
        this.deletionProtection = on;
        return this;
    }

    public Pipelines withFinalSnapshot(boolean on) {
        this.finalSnapshot = on;
        return this;
    }

    public Pipelines withOverrides(FeatureOverrides overrides) {
        this.overrides = overrides;
        return this;
    }

    public Pipelines withServerless(Optional<ServerlessScaling> scaling) {
        this.serverless = scaling;
        return this;
    }

    private dev.aurorarefresh.core.MasterPassword masterPassword = dev.aurorarefresh.core.MasterPassword.MANAGED;

    public Pipelines withRetain(int retain) {
        this.retain = retain;
        return this;
    }

    public Pipelines withWaitTimeout(Duration waitTimeout) {
        this.waitTimeout = waitTimeout;
        return this;
    }

    public Pipelines withMasterPassword(dev.aurorarefresh.core.MasterPassword mode) {
        this.masterPassword = mode;
        return this;
    }

    private Optional<String> masterSecretKey = Optional.empty();

    /** --master-user-secret-kms-key-id */
    public Pipelines withMasterSecretKey(String kmsKeyId) {
        this.masterSecretKey = Optional.of(kmsKeyId);
        return this;
    }

    private Optional<String> masterPasswordSecretArn = Optional.empty();

    /** --master-password secret:ARN */
    public Pipelines withMasterPasswordFromSecret(String secretArn) {
        this.masterPassword = dev.aurorarefresh.core.MasterPassword.SECRET;
        this.masterPasswordSecretArn = Optional.of(secretArn);
        return this;
    }

    public Pipelines withKeepReplacedFor(Duration keep) {
        this.keepReplacedFor = keep;
        return this;
    }

    public Pipelines withFinalSnapshotRetain(int keep) {
        this.finalSnapshotRetain = keep;
        return this;
    }

    public Pipelines withAllowFullCopy(boolean allow) {
        this.allowFullCopy = allow;
        return this;
    }

    public Pipelines withCloneCycle(dev.aurorarefresh.core.CloneCycle cycle) {
        this.cloneCycle = cycle;
        return this;
    }

    public Pipeline build() {
        CloneSettings settings = new CloneSettings(instanceClass, instanceCount, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), deletionProtection, finalSnapshot, overrides, serverless, Optional.empty(),
                masterPassword, masterSecretKey, allowFullCopy, masterPasswordSecretArn);
        return new Pipeline(name, source, new CloneNaming(prefix, datePattern, ZoneOffset.UTC),
                new RecordTarget(new RecordTarget.ZoneRef(zone, false), record, readerRecord, 60),
                settings, retain, waitTimeout, Duration.ofHours(6), keepReplacedFor, finalSnapshotRetain, cloneCycle);
    }
}
