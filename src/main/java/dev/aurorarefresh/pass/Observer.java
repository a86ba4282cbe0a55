package dev.aurorarefresh.pass;

import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.DnsRecord;
import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Projection;
import dev.aurorarefresh.core.SourceCluster;
import dev.aurorarefresh.port.DnsPort;
import dev.aurorarefresh.port.RdsPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The observe step of one run: each poll is one observation that every decision of that poll
 * uses. One cluster listing gives the source and the candidate clones (with their tags): the
 * first poll lists every cluster, later polls only the source's clone group once the last poll
 * saw it; then one filtered call for the instances of the source and of our clones, and the
 * record(s). The latest observation is what the report shows, whatever ends the run.
 */
public final class Observer {
    private final RdsPort rds;
    private final DnsPort dns;
    private final Pipeline pipeline;
    private final String zoneId;
    private Observation latest;
    /** Actions done since {@link #latest} was observed. */
    private final List<Action> doneSince = new ArrayList<>();

    private Observer(RdsPort rds, DnsPort dns, Pipeline pipeline, String zoneId) {
        this.rds = rds;
        this.dns = dns;
        this.pipeline = pipeline;
        this.zoneId = zoneId;
    }

    /** Resolves the hosted zone and checks the record names lie in it: the observer of this run. */
    public static Observer forRun(RdsPort rds, DnsPort dns, Pipeline pipeline) {
        DnsPort.HostedZone zone = Preflight.resolveZone(dns, pipeline.record().zone());
        Preflight.checkRecordNames(pipeline, zone);
        return new Observer(rds, dns, pipeline, zone.id());
    }

    String zoneId() {
        return zoneId;
    }

    Optional<Observation> latest() {
        return Optional.ofNullable(latest);
    }

    /** The latest observation with what was done since applied: what the run ends on. */
    public Optional<Observation> projected() {
        return latest().map(o -> Projection.after(o, doneSince));
    }

    void done(Action action) {
        doneSince.add(action);
    }

    /** The clone as the latest observation shows it. */
    Optional<ClusterView> cluster(String id) {
        return latest().flatMap(o -> o.clusters().stream().filter(c -> c.id().equals(id)).findFirst());
    }

    public Observation observe() {
        RdsPort.Clusters listed = rds.listClusters(pipeline.sourceClusterId(),
                latest().flatMap(o -> o.source().cloneGroupId()));
        SourceCluster source = listed.source()
                .orElseThrow(() -> new ConfigurationException("--source-cluster: no DB cluster named '"
                        + pipeline.sourceClusterId() + "' in this account and region"));
        List<String> instanceOwners = new ArrayList<>();
        instanceOwners.add(source.id());
        listed.clusters().stream().filter(pipeline::owns).forEach(c -> instanceOwners.add(c.id()));
        DnsRecord writer = dns.readRecord(zoneId, pipeline.record().writerRecord());
        Optional<DnsRecord> reader = pipeline.record().readerRecord().map(r -> dns.readRecord(zoneId, r));
        doneSince.clear();
        latest = new Observation(source, listed.clusters(), rds.describeInstances(instanceOwners), writer, reader);
        return latest;
    }
}
