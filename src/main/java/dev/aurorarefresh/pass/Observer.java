package dev.aurorarefresh.pass;

import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.AwsStatus;
import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.DnsRecord;
import dev.aurorarefresh.core.FinalSnapshot;
import dev.aurorarefresh.core.InstanceView;
import dev.aurorarefresh.core.Observation;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.Projection;
import dev.aurorarefresh.core.SourceArn;
import dev.aurorarefresh.core.SourceCluster;
import dev.aurorarefresh.port.DnsReads;
import dev.aurorarefresh.port.RdsReads;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The observe step of one run: each poll is one observation that every decision of that poll
 * uses. A full look is one cluster listing (the source and the candidate clones with their tags,
 * shared with the other passes of this process through {@link SharedReads}), one filtered call for
 * the instances of the source and of our clones, and the record(s). A poll while waiting reads
 * only what the wait is on ({@link Look}) and carries the rest, with this run's actions applied.
 * The latest observation is what the report shows, whatever ends the run.
 */
public final class Observer {
    private final RdsReads rds;
    private final DnsReads dns;
    private final Pipeline pipeline;
    private final String zoneId;
    private final SharedReads shared;
    private Observation latest;
    /** Actions done since {@link #latest} was observed. */
    private final List<Action> doneSince = new ArrayList<>();
    /** Whether a poll read only part of AWS since the last full look. */
    private boolean partSinceFull;

    private Observer(RdsReads rds, DnsReads dns, Pipeline pipeline, String zoneId, SharedReads shared) {
        this.rds = rds;
        this.dns = dns;
        this.pipeline = pipeline;
        this.zoneId = zoneId;
        this.shared = shared;
    }

    /** Resolves the hosted zone and checks the record names lie in it: the observer of this run. */
    public static Observer forRun(RdsReads rds, DnsReads dns, Pipeline pipeline) {
        return forRun(rds, dns, pipeline, new SharedReads());
    }

    /** The observer of a run that shares the zone and the source's listing with the other passes of this process. */
    public static Observer forRun(RdsReads rds, DnsReads dns, Pipeline pipeline, SharedReads shared) {
        DnsReads.HostedZone zone = shared.zone(pipeline.record().zone(), () -> Preflight.resolveZone(dns, pipeline.record().zone()));
        Preflight.checkRecordNames(pipeline, zone);
        return new Observer(rds, dns, pipeline, zone.id(), shared);
    }

    String zoneId() {
        return zoneId;
    }

    Optional<Observation> latest() {
        return Optional.ofNullable(latest);
    }

    List<Action> doneSince() {
        return List.copyOf(doneSince);
    }

    /** Whether a poll read only part of AWS since the last full look: a decision on the record or a delete looks in full first. */
    boolean partSinceFull() {
        return partSinceFull;
    }

    /** The latest observation with what was done since applied: what the run ends on. */
    public Optional<Observation> projected() {
        return latest().map(o -> Projection.after(o, doneSince));
    }

    void done(Action action) {
        doneSince.add(action);
        shared.acted(pipeline.name());
    }

    /** The clone as the latest observation shows it. */
    Optional<ClusterView> cluster(String id) {
        return latest().flatMap(o -> o.clusters().stream().filter(c -> c.id().equals(id)).findFirst());
    }

    /**
     * A full look: the listing, the instances of the source and of our clones, the record(s); with
     * the actions this run did since its last look applied, as a poll carries them.
     */
    public Observation observe() {
        RdsReads.Clusters listed = shared.clusters(rds, pipeline.name(), pipeline.sourceClusterId(),
                latest().flatMap(o -> o.source().cloneGroupId()));
        SourceCluster source = listed.source()
                .orElseThrow(() -> new ConfigurationException("--source-cluster: " + SourceArn.notFound(pipeline.sourceClusterId())));
        List<ClusterView> clusters = new ArrayList<>(listed.clusters());
        // RDS's listing may lag: a clone of ours this run saw, that is not being deleted, is described before it is taken for gone
        for (ClusterView seen : projected().map(Observation::clusters).orElse(List.of())) {
            if (pipeline.owns(seen) && !AwsStatus.isDeleting(seen.status())
                    && clusters.stream().noneMatch(c -> c.id().equals(seen.id()))) {
                rds.describeCluster(seen.id()).ifPresent(clusters::add);
            }
        }
        List<String> instanceOwners = new ArrayList<>();
        instanceOwners.add(source.id());
        clusters.stream().filter(pipeline::owns).forEach(c -> instanceOwners.add(c.id()));
        DnsRecord writer = dns.readRecord(zoneId, pipeline.record().writerRecord());
        Optional<DnsRecord> reader = pipeline.record().readerRecord().map(r -> dns.readRecord(zoneId, r));
        List<InstanceView> instances = rds.describeInstances(instanceOwners);
        // read only where clean may delete them: no extra call for a pipeline without --final-snapshot
        List<FinalSnapshot> finalSnapshots = pipeline.settings().finalSnapshot() ? rds.finalSnapshots() : List.of();
        // what an earlier step of this run just did (the ready tag) shows even where the listing does not reflect it yet
        latest = Projection.after(new Observation(source, List.copyOf(clusters), instances, writer, reader, finalSnapshots), doneSince);
        doneSince.clear();
        partSinceFull = false;
        return latest;
    }

    /** A poll: in full, or only the clusters and instances the look names, over the latest observation with this run's actions applied. */
    Observation observe(Look look) {
        if (look.full()) {
            return observe();
        }
        Observation base = projected().orElseThrow();
        Map<String, ClusterView> clusters = new LinkedHashMap<>();
        base.clusters().forEach(c -> clusters.put(c.id(), c));
        for (String id : look.clusters()) {
            Optional<ClusterView> now = rds.describeCluster(id);
            if (now.isPresent()) {
                clusters.put(id, now.get());
            } else {
                clusters.remove(id); // gone, or not shown yet: the plan decides, as for a listing without it
            }
        }
        List<String> instancesOf = look.instancesOf().stream().filter(clusters::containsKey).toList();
        List<InstanceView> instances = new ArrayList<>(base.instances().stream()
                .filter(i -> instancesOf.stream().noneMatch(id -> id.equalsIgnoreCase(i.clusterId()))).toList());
        if (!instancesOf.isEmpty()) {
            instances.addAll(rds.describeInstances(instancesOf));
        }
        doneSince.clear();
        partSinceFull = true;
        latest = new Observation(base.source(), List.copyOf(clusters.values()), instances, base.writerRecord(),
                base.readerRecord(), base.finalSnapshots());
        return latest;
    }
}
