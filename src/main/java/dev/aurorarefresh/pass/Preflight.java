package dev.aurorarefresh.pass;

import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.RecordTarget;
import dev.aurorarefresh.core.SourceCluster;
import java.util.List;
import java.util.Optional;

/**
 * Checks what only AWS can tell before anything is changed (invariant 8): the source exists and
 * is Aurora, the zone exists, the records lie in it and are not of another type.
 * Every failure is a {@link ConfigurationException} (exit code 2).
 */
public final class Preflight {
    private final RdsPort rds;
    private final DnsPort dns;

    public Preflight(RdsPort rds, DnsPort dns) {
        this.rds = rds;
        this.dns = dns;
    }

    /** @return the resolved hosted zone */
    public DnsPort.HostedZone check(Pipeline pipeline) {
        SourceCluster source = rds.describeSource(pipeline.sourceClusterId())
                .orElseThrow(() -> new ConfigurationException("--source-cluster: no DB cluster named '"
                        + pipeline.sourceClusterId() + "' in this account and region"));
        if (!source.isAurora()) {
            throw new ConfigurationException("--source-cluster: '" + source.id() + "' is engine '" + source.engine()
                    + "'; only Aurora clusters (aurora-mysql, aurora-postgresql) can be cloned copy-on-write");
        }
        if (pipeline.settings().instanceClass().isEmpty() && source.writerInstanceId().isEmpty()) {
            throw new ConfigurationException("--instance-class: source '" + source.id()
                    + "' has no writer instance to copy the class from; set it, e.g. db.r6g.large or db.serverless");
        }
        RecordTarget target = pipeline.record();
        DnsPort.HostedZone zone = resolveZone(target.zone());
        checkRecord("--record", target.writerRecord(), zone);
        if (target.readerRecord().isPresent()) {
            checkRecord("--reader-record", target.readerRecord().get(), zone);
            if (target.readerRecord().get().equals(target.writerRecord())) {
                throw new ConfigurationException("--reader-record: '" + target.writerRecord()
                        + "' is also --record; the reader record needs a name of its own");
            }
        }
        return zone;
    }

    private DnsPort.HostedZone resolveZone(RecordTarget.ZoneRef ref) {
        if (ref.isId()) {
            return dns.zoneById(ref.value()).orElseThrow(() -> new ConfigurationException(
                    "--hosted-zone-id: no Route53 hosted zone with id '" + ref.value() + "'"));
        }
        List<DnsPort.HostedZone> zones = dns.zonesByName(ref.value());
        if (zones.isEmpty()) {
            throw new ConfigurationException("--hosted-zone: no Route53 hosted zone named '" + ref.value() + "'");
        }
        if (zones.size() > 1) {
            throw new ConfigurationException("--hosted-zone: " + zones.size() + " hosted zones are named '" + ref.value()
                    + "' (ids " + zones.stream().map(DnsPort.HostedZone::id).toList()
                    + "); name one with --hosted-zone-id");
        }
        return zones.get(0);
    }

    private void checkRecord(String option, String record, DnsPort.HostedZone zone) {
        if (!record.equals(zone.name()) && !record.endsWith("." + zone.name())) {
            throw new ConfigurationException(option + ": '" + record + "' is not inside hosted zone '" + zone.name()
                    + "'; use a name ending in ." + zone.name());
        }
        Optional<String> type = dns.readRecord(zone.id(), record).type();
        if (type.isPresent() && !type.get().equals("CNAME")) {
            throw new ConfigurationException(option + ": '" + record + "' exists as a " + type.get()
                    + " record; aurora-refresh manages a CNAME there, so remove it or choose another name");
        }
    }
}
