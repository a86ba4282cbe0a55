package dev.aurorarefresh.pass;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.core.Tags;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.port.Sleeper;
import dev.aurorarefresh.testing.FakeAws;
import dev.aurorarefresh.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Polls while waiting read only what the step waits on, and the record and every clone are looked
 * at again before connect decides (docs/design.md, Observe).
 */
class WaitingPollsTest {
    static final Instant START = Instant.parse("2026-11-25T03:00:00Z");
    static final String CLONE = "dev-20261125";
    static final String YESTERDAY = "dev-20261124";

    FakeClock clock;
    FakeAws aws;

    @BeforeEach
    void setUp() {
        clock = new FakeClock(START);
        aws = new FakeAws(clock);
        aws.source("prod-db");
        aws.clone(YESTERDAY, Map.of(Tags.PIPELINE, "dev", Tags.SOURCE, "prod-db", Tags.LIFECYCLE, "connected",
                Tags.CREATED_AT, START.minus(Duration.ofDays(1)).toString()), "available");
        aws.records.put("dev-db.example.internal", YESTERDAY + ".cluster-fake.rds.local");
        aws.cloneStatuses = listOf(6, "creating", "available");
        aws.instanceStatuses = listOf(5, "creating", "available");
    }

    static List<String> listOf(int times, String status, String then) {
        List<String> out = new java.util.ArrayList<>(Collections.nCopies(times, status));
        out.add(then);
        return out;
    }

    PassReport run(Sleeper sleeper) {
        return new RefreshPass(aws, aws, ReadinessCheck.AVAILABLE_IS_READY, clock, sleeper, new Random(3))
                .run(RefreshPassTest.pipeline(Duration.ofMinutes(45)), Step.ALL, false);
    }

    @Test
    void pollsWhileTheCloneIsMadeReadNeitherTheRecordNorTheListing() {
        PassReport report = run(clock);

        assertThat(report.outcome()).as(report.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(aws.records).containsEntry("dev-db.example.internal", CLONE + ".cluster-fake.rds.local");
        assertThat(clock.sleeps).as("polls while waiting").hasSizeGreaterThanOrEqualTo(8);
        assertThat(aws.count("ListResourceRecordSets")).as("record reads: the first look and the one before connect")
                .isEqualTo(2);
        assertThat(aws.count("DescribeDBClusters")).as("the two full looks, then the new clone alone while it is creating")
                .isLessThanOrEqualTo(2 * 2 + 7);
    }

    @Test
    void aHoldPlacedWhileTheCloneIsCreatingIsSeenBeforeConnect() {
        Sleeper operatorHoldsDuringTheWait = d -> {
            clock.sleep(d);
            aws.clusters.get(YESTERDAY).tags.put(Tags.HELD_SINCE, START.plus(Duration.ofMinutes(1)).toString());
        };

        PassReport report = run(operatorHoldsDuringTheWait);

        assertThat(report.exitCode()).as(report.message()).isZero();
        assertThat(aws.clusters.get(CLONE).tags).as("the wait step still ran").containsEntry(Tags.LIFECYCLE, "ready");
        assertThat(aws.records).as("no switch under a hold").containsEntry("dev-db.example.internal",
                YESTERDAY + ".cluster-fake.rds.local");
        assertThat(aws.clusters.get(YESTERDAY).tags).containsEntry(Tags.LIFECYCLE, "connected");
        assertThat(aws.count("ChangeResourceRecordSets")).isZero();
    }
}
