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

    // ---- --master-password secret:ARN (CREDENTIALS_FROM_SECRET) -------------------------------

    static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev-master-AbCdEf";
    static final Pipeline FROM_SECRET = Pipelines.dev().withMasterPasswordFromSecret(SECRET).build();

    @Test
    void anAvailableCloneNotTaggedWithTheSecretHasItsPasswordSetFromItBeforeItIsReady() {
        FakeAws world = FakeAws.at(NOW).clone(TODAY, Lifecycle.CREATED, "available", 0);

        Plan plan = plan(FROM_SECRET, world);

        assertThat(plan.actions()).containsExactly(
                new Action.SetMasterPasswordFromSecret(TODAY, world.clusters.get(TODAY).arn, SECRET));
        assertThat(plan.pending()).as("the wait step goes on after it").extracting(Plan.Pending::cloneId).containsExactly(TODAY);
    }

    @Test
    void aCloneTaggedWithTheSecretIsPromotedWithoutChangingThePasswordAgain() {
        FakeAws world = FakeAws.at(NOW).clone(TODAY, Lifecycle.CREATED, "available", 0);
        world.clusters.get(TODAY).tags.put(Tags.MASTER_PASSWORD, SECRET);

        assertThat(plan(FROM_SECRET, world).actions()).singleElement().isInstanceOf(Action.PromoteReady.class);
    }

    @Test
    void aCloneTaggedWithAnotherSecretHasThePasswordOfTheOneNamedNowSet() {
        FakeAws world = FakeAws.at(NOW).clone(TODAY, Lifecycle.CREATED, "available", 0);
        world.clusters.get(TODAY).tags.put(Tags.MASTER_PASSWORD, SECRET.replace("dev-master", "old-master"));

        assertThat(plan(FROM_SECRET, world).actions()).singleElement().isInstanceOf(Action.SetMasterPasswordFromSecret.class);
    }

    @Test
    void whileRdsResetsTheCredentialsAfterAStopBeforeTheTagTheCloneIsWaitedForThenChangedAgain() {
        Plan resetting = plan(FROM_SECRET, FakeAws.at(NOW).clone(TODAY, Lifecycle.CREATED, "resetting-master-credentials", 0));
        Plan after = plan(FROM_SECRET, FakeAws.at(NOW).clone(TODAY, Lifecycle.CREATED, "available", 0));

        assertThat(resetting.actions()).isEmpty();
        assertThat(resetting.pending()).extracting(Plan.Pending::cloneId).containsExactly(TODAY);
        assertThat(after.actions()).as("no tag: the same password is set again, harmless")
                .singleElement().isInstanceOf(Action.SetMasterPasswordFromSecret.class);
    }

    @Test
    void theForecastShowsTheSecretsArnBetweenTheInstanceAndReadyAndNoValue() {
        Forecast f = Forecast.of(FROM_SECRET, FakeAws.at(NOW).observation(), NOW, Set.of(Step.CLONE, Step.WAIT, Step.CONNECT),
                java.util.List.of(), Optional.empty());

        assertThat(f.entries().stream().flatMap(e -> e.action().stream()).map(a -> a.getClass().getSimpleName()))
                .containsSubsequence("CreateClone", "CreateInstance", "SetMasterPasswordFromSecret", "PromoteReady", "SwitchRecord");
        assertThat(f.entries()).extracting(Forecast.Entry::text)
                .contains("set the master password of " + TODAY + " to the one in secret " + SECRET);
    }
}
