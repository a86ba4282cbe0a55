package dev.aurorarefresh.pass;

import dev.aurorarefresh.port.RdsReads;
import dev.aurorarefresh.core.CloneCycle;
import dev.aurorarefresh.core.AutoPauseVersions;
import dev.aurorarefresh.core.DnsRecord;
import dev.aurorarefresh.core.FeatureOverrides;
import dev.aurorarefresh.core.InstanceMonitoring;
import dev.aurorarefresh.core.InstanceView;
import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.RecordTarget;
import dev.aurorarefresh.core.ServerlessRules;
import dev.aurorarefresh.core.ServerlessScaling;
import dev.aurorarefresh.core.SourceCluster;
import dev.aurorarefresh.port.DnsReads;
import java.util.List;
import java.util.Optional;

/**
 * Checks what only AWS can tell, before anything is changed (docs/design.md, invariant 8): the
 * zone exists, the records lie in it and are not of another type, the source exists and is
 * Aurora. Every failure is a {@link ConfigurationException} (exit code 2). The checks read the
 * first observation, so they cost no call of their own beyond resolving the zone.
 */
public final class Preflight {
    private Preflight() {
    }

    public static DnsReads.HostedZone resolveZone(DnsReads dns, RecordTarget.ZoneRef ref) {
        if (ref.isId()) {
            return dns.zoneById(ref.value()).orElseThrow(() -> new ConfigurationException(
                    "--hosted-zone-id: '" + ref.value() + "': no such hosted zone, or this role may not read it"
                            + " (route53:GetHostedZone); check the id, e.g. with aws route53 list-hosted-zones"));
        }
        List<DnsReads.HostedZone> zones = dns.zonesByName(ref.value());
        if (zones.isEmpty()) {
            throw new ConfigurationException("--hosted-zone: no Route53 hosted zone named '" + ref.value() + "'");
        }
        if (zones.size() > 1) {
            throw new ConfigurationException("--hosted-zone: " + zones.size() + " hosted zones are named '" + ref.value()
                    + "' (ids " + zones.stream().map(DnsReads.HostedZone::id).toList()
                    + "); name one with --hosted-zone-id");
        }
        return zones.get(0);
    }

    /** Records inside the zone: checked before the first observation reads them. */
    public static void checkRecordNames(Pipeline pipeline, DnsReads.HostedZone zone) {
        RecordTarget target = pipeline.record();
        checkInZone("--record", target.writerRecord(), zone);
        if (target.readerRecord().isPresent()) {
            checkInZone("--reader-record", target.readerRecord().get(), zone);
            if (target.readerRecord().get().equals(target.writerRecord())) {
                throw new ConfigurationException("--reader-record: '" + target.writerRecord()
                        + "' is also --record; the reader record needs a name of its own");
            }
        }
    }

    /** AWS allows one cross-account clone of a cluster per account: tomorrow's could never be made beside today's. */
    private static void checkCloneCycle(Pipeline pipeline, SourceCluster source) {
        if (source.isShared() && pipeline.cloneCycle() == CloneCycle.OVERLAP) {
            throw new ConfigurationException("--clone-cycle: 'overlap' is not possible for the source " + source.id()
                    + ", another account's cluster: AWS allows one cross-account clone of it per account, so the next clone"
                    + " could never be made beside the current one; use replace (the default for it)");
        }
    }

    /** What the first observation must show before the pass may change anything. */
    public static void checkObservation(Pipeline pipeline, Observation obs) {
        SourceCluster source = obs.source();
        if (!source.isAurora()) {
            throw new ConfigurationException("--source-cluster: '" + source.id() + "' is engine '" + source.engine()
                    + "'; only Aurora clusters (aurora-mysql, aurora-postgresql) can be cloned copy-on-write");
        }
        if (pipeline.settings().instanceClass().isEmpty() && obs.sourceWriter().isEmpty()) {
            throw new ConfigurationException("--instance-class: source '" + source.id()
                    + "' has no writer instance to copy the class from; set it, e.g. db.r6g.large or db.serverless");
        }
        if (source.isShared() && source.storageEncrypted() && pipeline.settings().kmsKeyId().isEmpty()) {
            throw new ConfigurationException("--kms-key-id: missing; the source " + source.id() + " is another account's encrypted"
                    + " cluster, whose clone needs a key this account may use (its own, or the source's if its key policy grants"
                    + " this account): set it or AURORA_REFRESH_KMS_KEY_ID");
        }
        checkCloneCycle(pipeline, source);
        ServerlessRules.instanceClass(pipeline.settings(), obs.sourceWriter().map(InstanceView::instanceClass))
                .flatMap(c -> ServerlessRules.classProblem(c, ServerlessRules.scaling(pipeline.settings(), source), source.id()))
                .ifPresent(problem -> {
                    throw new ConfigurationException("--instance-class: " + problem);
                });
        FeatureOverrides overrides = pipeline.settings().overrides();
        if (overrides.backtrackWindowSeconds().filter(w -> w > 0).isPresent() && !"aurora-mysql".equals(source.engine())) {
            throw new ConfigurationException("--backtrack-window: source '" + source.id() + "' is engine '" + source.engine()
                    + "'; only aurora-mysql has backtracking, so leave it unset or 0");
        }
        InstanceMonitoring monitoring = overrides.apply(obs.sourceWriter().map(InstanceView::monitoring)
                .orElse(InstanceMonitoring.NONE));
        if (monitoring.monitoringInterval() > 0 && monitoring.monitoringRoleArn().isEmpty()) {
            throw new ConfigurationException("--monitoring-interval: " + monitoring.monitoringInterval()
                    + " needs a role for RDS to publish with; set --monitoring-role-arn, or 0 to turn enhanced monitoring off");
        }
        checkType("--record", obs.writerRecord());
        obs.readerRecord().ifPresent(r -> checkType("--reader-record", r));
    }

    /**
     * Options asking for a minimum of 0 ACUs on a source whose engine version cannot pause: RDS
     * would refuse the restore, so say so now. One DescribeDBEngineVersions call, only then.
     */
    public static void checkAutoPause(Pipeline pipeline, SourceCluster source, RdsReads rds) {
        if (pipeline.settings().serverlessV2().filter(ServerlessScaling::canPause).isEmpty()) {
            return;
        }
        Optional<Double> reported = rds.serverlessMinCapacity(source.engine(), source.engineVersion());
        AutoPauseVersions.problem(source.engine(), source.engineVersion(), reported).ifPresent(problem -> {
            throw new ConfigurationException("--serverless-capacity: " + problem);
        });
    }

    /**
     * A Serverless v2 maximum above what the source's engine version allows (128 ACUs on older
     * versions, 256 on newer ones, as DescribeDBEngineVersions says) is bad input, found before the
     * restore would be refused. Asked only for a configured maximum above 128.
     */
    public static void checkServerlessMax(Pipeline pipeline, SourceCluster source, RdsReads rds) {
        Optional<ServerlessScaling> scaling = pipeline.settings().serverlessV2()
                .filter(s -> s.maxCapacity() > OLDER_VERSIONS_MAX_ACU);
        if (scaling.isEmpty()) {
            return;
        }
        double max = scaling.get().maxCapacity();
        rds.serverlessMaxCapacity(source.engine(), source.engineVersion()).filter(allowed -> max > allowed).ifPresent(allowed -> {
            throw new ConfigurationException("--serverless-capacity: maximum " + ServerlessScaling.acu(max) + " ACUs is more"
                    + " than " + source.engine() + " " + source.engineVersion() + " allows (" + ServerlessScaling.acu(allowed)
                    + "); use a maximum of at most " + ServerlessScaling.acu(allowed) + ", or upgrade the source's engine version");
        });
    }

    /** The Serverless v2 maximum of the engine versions before 256 ACUs (Aurora user guide, Aurora Serverless v2 capacity). */
    private static final double OLDER_VERSIONS_MAX_ACU = 128;

    private static void checkInZone(String option, String record, DnsReads.HostedZone zone) {
        if (!record.equals(zone.name()) && !record.endsWith("." + zone.name())) {
            throw new ConfigurationException(option + ": '" + record + "' is not inside hosted zone '" + zone.name()
                    + "'; use a name ending in ." + zone.name());
        }
    }

    private static void checkType(String option, DnsRecord record) {
        if (record.type().isPresent() && !record.type().get().equals("CNAME")) {
            throw new ConfigurationException(option + ": '" + record.name() + "' exists with type " + record.type().get()
                    + "; aurora-refresh manages a CNAME there, so remove that record or choose another name");
        }
    }
}
