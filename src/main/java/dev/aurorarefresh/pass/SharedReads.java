package dev.aurorarefresh.pass;

import dev.aurorarefresh.core.RecordTarget;
import dev.aurorarefresh.port.DnsReads;
import dev.aurorarefresh.port.RdsReads;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The reads that passes of one invocation (a fleet of pipelines in one process) share: the hosted
 * zone, resolved once per zone name or id, and the cluster listing of a common source. Concurrent
 * requests for a source's listing wait for the one in flight (single flight), and a listing serves
 * a pipeline only if it is fresh enough for it: it started after the pipeline's last action and
 * after the listing the pipeline used last, and it is at most {@link #MAX_AGE} old: no pipeline
 * plans on something older than what it already saw, or than its own change (docs/design.md,
 * Observe). A pass on its own shares with nobody and costs no extra call. Thread-safe.
 */
public final class SharedReads {
    /**
     * The oldest listing that still serves a look: pipelines that start together (one poll) share
     * it, and one that starts later, behind {@code --parallel}, looks afresh, so a hold or a tag
     * placed meanwhile is seen.
     */
    static final Duration MAX_AGE = Duration.ofSeconds(10);
    private final LongSupplier nanoTime;
    /** Orders listings and actions: a listing that started at tick t shows every action done before t. */
    private final AtomicLong ticks = new AtomicLong();
    private final Map<RecordTarget.ZoneRef, CompletableFuture<DnsReads.HostedZone>> zones = new ConcurrentHashMap<>();
    private final Map<String, Source> sources = new ConcurrentHashMap<>();
    /** Per pipeline: a listing must have started after this tick to serve it (its last listing, its last action). */
    private final Map<String, Long> freshAfter = new ConcurrentHashMap<>();

    public SharedReads() {
        this(System::nanoTime);
    }

    /** @param nanoTime a monotonic time in nanoseconds (tests move it on) */
    SharedReads(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** A listing, the tick at which it was asked of AWS (it shows every action done before), and when. */
    private record Listing(RdsReads.Clusters clusters, long started, long startedNanos) {
    }

    /** The listings of one source: the newest done, and the newest in flight. */
    private static final class Source {
        Listing latest;
        InFlight inFlight;
    }

    private record InFlight(long started, long startedNanos, CompletableFuture<Listing> answer) {
    }

    private boolean young(long startedNanos) {
        return nanoTime.getAsLong() - startedNanos <= MAX_AGE.toNanos();
    }

    private long tick() {
        return ticks.incrementAndGet();
    }

    /** The pipeline changed something: from now on only a listing that starts later serves it. */
    void acted(String pipeline) {
        long now = tick();
        freshAfter.merge(pipeline, now, Math::max);
    }

    /** The zone, resolved once for every pass; a failed resolution is not kept (the next pass asks again). */
    DnsReads.HostedZone zone(RecordTarget.ZoneRef ref, Supplier<DnsReads.HostedZone> resolve) {
        CompletableFuture<DnsReads.HostedZone> mine = new CompletableFuture<>();
        CompletableFuture<DnsReads.HostedZone> shared = zones.putIfAbsent(ref, mine);
        if (shared != null) {
            return join(shared);
        }
        try {
            mine.complete(resolve.get());
        } catch (RuntimeException e) {
            zones.remove(ref, mine);
            mine.completeExceptionally(e);
        }
        return join(mine);
    }

    /**
     * The source's listing for a look of this pipeline: the newest done if it is fresh enough, else
     * the one in flight if it is, else a new one asked through {@code rds} on the caller's thread.
     */
    RdsReads.Clusters clusters(RdsReads rds, String pipeline, String sourceId, Optional<String> cloneGroupId) {
        Listing used = listing(rds, sourceId, cloneGroupId, freshAfter.getOrDefault(pipeline, 0L));
        freshAfter.merge(pipeline, used.started(), Math::max);
        return used.clusters();
    }

    private Listing listing(RdsReads rds, String sourceId, Optional<String> cloneGroupId, long after) {
        Source source = sources.computeIfAbsent(sourceId, k -> new Source());
        CompletableFuture<Listing> answer;
        InFlight mine;
        synchronized (source) {
            if (source.latest != null && source.latest.started() > after && young(source.latest.startedNanos())) {
                return source.latest;
            }
            if (source.inFlight != null && source.inFlight.started() > after && young(source.inFlight.startedNanos())) {
                answer = source.inFlight.answer();
                mine = null;
            } else {
                mine = new InFlight(tick(), nanoTime.getAsLong(), new CompletableFuture<>());
                source.inFlight = mine;
                answer = mine.answer();
            }
        }
        if (mine == null) {
            return join(answer);
        }
        try {
            Listing listing = new Listing(rds.listClusters(sourceId, cloneGroupId), mine.started(), mine.startedNanos());
            synchronized (source) {
                if (source.latest == null || source.latest.started() < listing.started()) {
                    source.latest = listing;
                }
                if (source.inFlight == mine) {
                    source.inFlight = null;
                }
            }
            mine.answer().complete(listing);
        } catch (RuntimeException e) {
            synchronized (source) {
                if (source.inFlight == mine) {
                    source.inFlight = null;
                }
            }
            mine.answer().completeExceptionally(e);
        }
        return join(answer);
    }

    /** The waiter sees the failure the asker saw (a PortException, a ConfigurationException). */
    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
