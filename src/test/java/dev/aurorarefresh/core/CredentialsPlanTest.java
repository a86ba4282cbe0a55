package dev.aurorarefresh.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.testing.FakeAws;
import dev.aurorarefresh.testing.Pipelines;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/design.md, "Credentials": the master password is replaced between available and ready, once. */
class CredentialsPlanTest {
    static final Instant NOW = Instant.parse("2026-11-25T03:00:00Z");
    static final String TODAY = "dev-20261125";
    static final Pipeline MANAGED = Pipelines.dev().build();

    private static Plan plan(Pipeline p, FakeAws world) {
        return Planner.plan(p, world.observation(), NOW, Set.of(Step.WAIT));
    }

    @Test
    void anAvailableCloneWithProductionsPasswordHasItReplacedBeforeItIsReady() {
        Plan plan = plan(MANAGED, FakeAws.at(NOW).clone(TODAY, Lifecycle.CREATED, "available", 0));

        assertThat(plan.actions()).containsExactly(new Action.ReplaceMasterPassword(TODAY));
        assertThat(plan.pending()).as("the wait step goes on after it").extracting(Plan.Pending::cloneId).containsExactly(TODAY);
    }

    @Test
    void whileRdsResetsTheCredentialsTheCloneIsWaitedFor() {
        FakeAws world = FakeAws.at(NOW).clone(TODAY, Lifecycle.CREATED, "resetting-master-credentials", 0);
        world.clusters.get(TODAY).masterUserSecretArn = Optional.of("arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-x");

        Plan plan = plan(MANAGED, world);

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.pending()).extracting(Plan.Pending::cloneId).containsExactly(TODAY);
    }

    @Test
    void managedIsTheDefault() {
        assertThat(MANAGED.settings().masterPassword()).isEqualTo(MasterPassword.MANAGED);
    }

    @Test
    void aCloneThatIsReadyAlreadyIsNotChanged() {
        // a clone made before managed was the default (or with keep) keeps its password once it is ready
        FakeAws world = FakeAws.at(NOW).clone(TODAY, Lifecycle.READY, "available", 0);
        assertThat(Planner.plan(MANAGED, world.observation(), NOW, Step.ALL).actions())
                .noneMatch(a -> a instanceof Action.ReplaceMasterPassword);
    }

    @Test
    void withTheSecretThereTheCloneIsPromoted() {
        FakeAws world = FakeAws.at(NOW).clone(TODAY, Lifecycle.CREATED, "available", 0);
        world.clusters.get(TODAY).masterUserSecretArn = Optional.of("arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-x");

        assertThat(plan(MANAGED, world).actions()).singleElement().isInstanceOf(Action.PromoteReady.class);
    }

    @Test
    void keepingProductionsPasswordPlansNoReplacement() {
        Plan plan = plan(Pipelines.dev().withMasterPassword(MasterPassword.KEEP).build(),
                FakeAws.at(NOW).clone(TODAY, Lifecycle.CREATED, "available", 0));

        assertThat(plan.actions()).singleElement().isInstanceOf(Action.PromoteReady.class);
    }

    @Test
    void theForecastShowsTheReplacementBetweenTheInstanceAndReady() {
        Forecast f = Forecast.of(MANAGED, FakeAws.at(NOW).observation(), NOW, Set.of(Step.CLONE, Step.WAIT, Step.CONNECT),
                java.util.List.of(), Optional.empty());

        assertThat(f.entries().stream().flatMap(e -> e.action().stream()).map(a -> a.getClass().getSimpleName()))
                .containsSubsequence("CreateClone", "CreateInstance", "ReplaceMasterPassword", "PromoteReady", "SwitchRecord");
    }
}
