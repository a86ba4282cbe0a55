package dev.aurorarefresh.pass;

import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.DnsRecord;
import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.SourceCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The observe step: source, candidate clones (their tags come with DescribeDBClusters), the
 * instances of the source and of our clones (one filtered call), and the record(s).
 */
public final class Observer {
    private final RdsPort rds;
    private final DnsPort dns;

    public Observer(RdsPort rds, DnsPort dns) {
        this.rds = rds;
        this.dns = dns;
    }

    /** Resolves the hosted zone and checks the record names lie in it; returns the zone id. */
    public String resolveZone(Pipeline pipeline) {
        DnsPort.HostedZone zone = Preflight.resolveZone(dns, pipeline.record().zone());
        Preflight.checkRecordNames(pipeline, zone);
        return zone.id();
    }

    public Observation observe(Pipeline pipeline, String zoneId) {
        SourceCluster source = rds.describeSource(pipeline.sourceClusterId())
                .orElseThrow(() -> new ConfigurationException("--source-cluster: no DB cluster named '"
                        + pipeline.sourceClusterId() + "' in this account and region"));
        List<ClusterView> clusters = rds.listCandidates(source);
        List<String> instanceOwners = new ArrayList<>();
        instanceOwners.add(source.id());
        clusters.stream().filter(pipeline::owns).forEach(c -> instanceOwners.add(c.id()));
        DnsRecord writer = dns.readRecord(zoneId, pipeline.record().writerRecord());
        Optional<DnsRecord> reader = pipeline.record().readerRecord().map(r -> dns.readRecord(zoneId, r));
        return new Observation(source, clusters, rds.describeInstances(instanceOwners), writer, reader);
    }
}
