package dev.aurorarefresh.pass;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.testing.FakeAws;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.ForwardingPorts;
import dev.aurorarefresh.testing.Pipelines;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reads passes of one process share (docs/design.md, Observe): one zone resolution, one
 * listing of a common source for concurrent looks, and never a listing older than what a pass
 * already saw or than its own last action.
 */
class SharedReadsTest {
    static final Instant NOW = Instant.parse("2026-11-25T03:00:00Z");

    final FakeClock clock = new FakeClock(NOW);
    final FakeAws aws = new FakeAws(clock);
    final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
    final SharedReads shared = new SharedReads(nanos::get);
    final ExecutorService threads = Executors.newFixedThreadPool(4);
    /** Listings asked of RDS, in order. */
    final List<Integer> listings = new ArrayList<>();

    /** RDS ports that count listings; the first listing can be held in flight. */
    final class CountingRds extends ForwardingPorts {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean holdFirst;

        CountingRds() {
            super(aws);
        }

        @Override
        public Clusters listClusters(String id, Optional<String> group) {
            int n;
            synchronized (listings) {
                n = listings.size() + 1;
                listings.add(n);
            }
            if (n == 1 && holdFirst) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS); // a bound, so a broken test cannot hang the build
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (aws) {
                return super.listClusters(id, group);
            }
        }

        // FakeAws is not thread-safe: the looks that run on threads take turns in it
        @Override
        public List<dev.aurorarefresh.core.InstanceView> describeInstances(java.util.Collection<String> ids) {
            synchronized (aws) {
                return super.describeInstances(ids);
            }
        }

        @Override
        public dev.aurorarefresh.core.DnsRecord readRecord(String zone, String name) {
            synchronized (aws) {
                return super.readRecord(zone, name);
            }
        }
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    static Pipeline pipeline(String prefix) {
        return Pipelines.dev().withName(prefix, prefix, "yyyyMMdd").withRecord("example.internal", prefix + "-db.example.internal")
                .build();
    }

    @Test
    void passesOfOneProcessResolveTheZoneOnceAndShareAListingNoPassHasOutgrown() {
        aws.source("prod-db");
        CountingRds rds = new CountingRds();
        Observer dev = Observer.forRun(rds, aws, pipeline("dev"), shared);
        Observer qa = Observer.forRun(rds, aws, pipeline("qa"), shared);
        assertThat(aws.count("ListHostedZonesByName")).as("zone resolutions").isEqualTo(1);

        dev.observe();
        qa.observe();
        assertThat(listings).as("the first looks share one listing").hasSize(1);

        dev.done(new Action.DisableDeletionProtection("dev-20261124")); // any action of dev's
        dev.observe();
        assertThat(listings).as("after its own action dev lists again").hasSize(2);

        qa.observe();
        assertThat(listings).as("qa takes dev's newer listing").hasSize(2);
        qa.observe();
        assertThat(listings).as("a look never reuses the listing it already used").hasSize(3);
        dev.observe();
        assertThat(listings).as("dev takes qa's newer listing").hasSize(3);
        assertThat(aws.count("DescribeDBInstances")).as("instances are read per pipeline").isEqualTo(6);
    }

    @Test
    void aListingInFlightServesConcurrentLooksButNotAPassThatActedSinceItStarted() throws Exception {
        aws.source("prod-db");
        CountingRds rds = new CountingRds();
        rds.holdFirst = true;
        Observer dev = Observer.forRun(rds, rds, pipeline("dev"), shared);
        Observer qa = Observer.forRun(rds, rds, pipeline("qa"), shared);
        Observer st = Observer.forRun(rds, rds, pipeline("st"), shared);

        CompletableFuture<?> devLook = CompletableFuture.runAsync(dev::observe, threads);
        assertThat(rds.entered.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<?> qaLook = CompletableFuture.runAsync(qa::observe, threads); // joins the listing in flight
        st.done(new Action.DisableDeletionProtection("st-20261124")); // st acted after that listing started
        st.observe(); // so it cannot use it: it lists anew, at once
        assertThat(listings).as("st did not wait for nor take the older listing").hasSize(2);

        rds.release.countDown();
        devLook.get(30, TimeUnit.SECONDS);
        qaLook.get(30, TimeUnit.SECONDS);
        assertThat(listings).as("dev and qa shared the first listing").hasSize(2);
    }

    @Test
    void aFailedListingFailsEveryLookWaitingForItAndIsNotKept() {
        aws.source("prod-db");
        aws.fail("DescribeDBClusters", 1, "Throttling");
        Observer dev = Observer.forRun(aws, aws, pipeline("dev"), shared);

        org.assertj.core.api.Assertions.assertThatThrownBy(dev::observe)
                .isInstanceOf(dev.aurorarefresh.port.PortException.class);
        assertThat(dev.observe().source().id()).as("the next look asks again").isEqualTo("prod-db");
    }

    @Test
    void aPipelineThatStartsLaterThanTheMaximumAgeLooksAfresh() {
        aws.source("prod-db");
        CountingRds rds = new CountingRds();
        Observer dev = Observer.forRun(rds, aws, pipeline("dev"), shared);
        Observer qa = Observer.forRun(rds, aws, pipeline("qa"), shared);
        Observer st = Observer.forRun(rds, aws, pipeline("st"), shared);

        dev.observe();
        nanos.addAndGet(SharedReads.MAX_AGE.toNanos());
        qa.observe();
        assertThat(listings).as("a listing as old as the maximum age still serves").hasSize(1);
        nanos.incrementAndGet();
        st.observe();
        assertThat(listings).as("st, queued behind the others, does not plan on an older listing").hasSize(2);
    }
}
