package dev.aurorarefresh.core;

import static dev.aurorarefresh.testing.FakeAws.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.testing.FakeAws;
import dev.aurorarefresh.testing.Pipelines;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Clean deletes the pipeline's own final snapshots past --final-snapshot-retain, and never another's. */
class PlannerFinalSnapshotsTest {
    private static final Map<String, String> OURS = Map.of(Tags.PIPELINE, "dev", Tags.SOURCE, "prod-db");

    private final FakeAws aws = FakeAws.at(NOW);

    /** A final snapshot of {@code clone} taken {@code daysAgo} days before NOW, named as the pipeline names them. */
    private void snapshot(String clone, int daysAgo, Map<String, String> tags) {
        snapshot(clone + "-final-" + String.format("202611%02d030000", 25 - daysAgo), clone, daysAgo, tags);
    }

    private void snapshot(String id, String clone, int daysAgo, Map<String, String> tags) {
        aws.snapshots.add(new FinalSnapshot(id, clone, NOW.minus(Duration.ofDays(daysAgo)), "available", tags));
    }

    private List<String> deletedSnapshots(Pipeline pipeline) {
        return Planner.plan(pipeline, aws.observation(), NOW, Set.of(Step.CLEAN)).actions().stream()
                .filter(a -> a instanceof Action.DeleteFinalSnapshot).map(a -> ((Action.DeleteFinalSnapshot) a).snapshotId()).toList();
    }

    @Test
    void ownFinalSnapshotsBeyondTheRetainedNewestAreDeletedOldestIncluded() {
        for (int day = 1; day <= 5; day++) {
            snapshot("dev-202611" + (25 - day), day, OURS);
        }

        List<String> deleted = deletedSnapshots(Pipelines.dev().withFinalSnapshot(true).withFinalSnapshotRetain(2).build());

        assertThat(deleted).containsExactlyInAnyOrder("dev-20261122-final-20261122030000", "dev-20261121-final-20261121030000",
                "dev-20261120-final-20261120030000");
    }

    @Test
    void lookalikesUntaggedOthersAndTheSourcesSnapshotsAreNeverDeleted() {
        snapshot("dev-20261101", 24, Map.of()); // our name, no tags (the clone had no CopyTagsToSnapshot)
        snapshot("dev-20261102", 23, Map.of(Tags.PIPELINE, "qa", Tags.SOURCE, "prod-db")); // another pipeline's tag
        snapshot("dev-20261103", 22, Map.of(Tags.PIPELINE, "dev", Tags.SOURCE, "other-db")); // another source
        snapshot("qa-20261104", 21, OURS); // another prefix
        snapshot("prod-db-final-20261105030000", "prod-db", 20, OURS); // the source's
        snapshot("dev-20261106-final-20261106030000", "dev-20261107", 19, OURS); // not named after its cluster
        snapshot("dev-20261108-final-2026110803", "dev-20261108", 18, OURS); // not 14 digits
        snapshot("dev-20261109-final-20261109030000", "dev-20261109", 17, OURS); // ours: the only one that goes

        assertThat(deletedSnapshots(Pipelines.dev().withFinalSnapshot(true).withFinalSnapshotRetain(0).build()))
                .containsExactly("dev-20261109-final-20261109030000");
    }

    @Test
    void withoutFinalSnapshotNoSnapshotIsDeletedAndOneStillBeingTakenWaits() {
        snapshot("dev-20261120", 5, OURS);
        aws.snapshots.add(new FinalSnapshot("dev-20261119-final-20261119030000", "dev-20261119",
                NOW.minus(Duration.ofDays(6)), "creating", OURS));

        assertThat(deletedSnapshots(Pipelines.dev().withFinalSnapshotRetain(0).build())).isEmpty();
        assertThat(deletedSnapshots(Pipelines.dev().withFinalSnapshot(true).withFinalSnapshotRetain(0).build()))
                .containsExactly("dev-20261120-final-20261120030000");
    }

    @Test
    void theSnapshotThisCleanTakesCountsAmongTheRetained() {
        aws.clone("dev-20261124", Lifecycle.ABORTED, "available", 1).clone("dev-20261125", Lifecycle.CONNECTED, "available", 0)
                .recordAt("dev-20261125");
        snapshot("dev-20261123", 2, OURS);
        snapshot("dev-20261122", 3, OURS);

        assertThat(deletedSnapshots(Pipelines.dev().withFinalSnapshot(true).withFinalSnapshotRetain(2).build()))
                .containsExactly("dev-20261122-final-20261122030000");
    }

    @Test
    void aDeletedSnapshotLeavesTheProjectedWorld() {
        snapshot("dev-20261120", 5, OURS);
        Action.DeleteFinalSnapshot delete = new Action.DeleteFinalSnapshot("dev-20261120-final-20261120030000", "dev-20261120");

        assertThat(Projection.after(aws.observation(), List.of(delete)).finalSnapshots()).isEmpty();
        assertThat(delete.step()).isEqualTo(Step.CLEAN);
    }
}
