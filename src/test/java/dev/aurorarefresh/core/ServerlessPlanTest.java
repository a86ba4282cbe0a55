package dev.aurorarefresh.core;

import static dev.aurorarefresh.core.Lifecycle.CREATED;
import static dev.aurorarefresh.testing.FakeAws.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.testing.FakeAws;
import dev.aurorarefresh.testing.Pipelines;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Serverless v2 clones: what the options may ask, what the clone gets, which versions can pause. */
class ServerlessPlanTest {
    private static final String TODAY = "dev-20261125";

    private static Pipeline pipeline(Optional<String> instanceClass, Optional<ServerlessScaling> scaling) {
        return Pipelines.dev().withInstances(instanceClass, 1).withServerless(scaling).build();
    }

    private static Plan planClone(Pipeline p, FakeAws w) {
        return Planner.plan(p, w.observation(), NOW, Set.of(Step.CLONE));
    }

    @ParameterizedTest
    @CsvSource({"0-4,0,4", "0.5-16,0.5,16", "0-256,0,256", "256-256,256,256", "1-1,1,1", " 2 - 8.5 ,2,8.5"})
    void capacityRangesAwsAcceptsAreParsed(String text, double min, double max) {
        assertThat(ServerlessRules.parseCapacity(text)).contains(new ServerlessScaling(min, max));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0-0", "0-0.5", "0-257", "257-300", "0.25-4", "0-4.2", "8-4", "4", "-1-4", "a-b", "0-4-8", ""})
    void capacityRangesAwsRefusesAreNot(String text) {
        assertThat(ServerlessRules.parseCapacity(text)).isEmpty();
    }

    @Test
    void autoPauseIsFiveMinutesToOneDay() {
        assertThat(ServerlessRules.isAutoPauseInRange(Duration.ofMinutes(5))).isTrue();
        assertThat(ServerlessRules.isAutoPauseInRange(Duration.ofDays(1))).isTrue();
        assertThat(ServerlessRules.isAutoPauseInRange(Duration.ofSeconds(299))).isFalse();
        assertThat(ServerlessRules.isAutoPauseInRange(Duration.ofSeconds(86401))).isFalse();
    }

    @Test
    void autoPauseNeedsAMinimumOfZero() {
        Optional<Duration> tenMinutes = Optional.of(Duration.ofMinutes(10));
        assertThat(ServerlessRules.fromOptions(Optional.of(new ServerlessScaling(0.5, 4)), tenMinutes).problem())
                .hasValueSatisfying(p -> assertThat(p).contains("minimum is 0 ACUs").contains("0.5-4 ACU"));
        assertThat(ServerlessRules.fromOptions(Optional.empty(), tenMinutes).problem())
                .hasValueSatisfying(p -> assertThat(p).contains("--serverless-capacity is not set"));
        assertThat(ServerlessRules.fromOptions(Optional.of(new ServerlessScaling(0, 4)), tenMinutes).value())
                .contains(new ServerlessScaling(0, 4, Optional.of(600)));
        assertThat(ServerlessRules.fromOptions(Optional.of(new ServerlessScaling(0, 4)), Optional.empty()).value())
                .contains(new ServerlessScaling(0, 4));
    }

    @Test
    void theOptionsRangeGoesOnTheRestoreAndInstancesBecomeServerless() {
        ServerlessScaling asked = new ServerlessScaling(0, 4, Optional.of(600));
        FakeAws w = FakeAws.at(NOW);
        CloneSpec spec = ((Action.CreateClone) planClone(pipeline(Optional.empty(), Optional.of(asked)), w).actions().get(0)).spec();
        assertThat(spec.serverlessV2()).contains(asked);

        w.clone(TODAY, CREATED, "available", 0).withoutInstances(TODAY);
        Action.CreateInstance instance = (Action.CreateInstance) planClone(pipeline(Optional.empty(), Optional.of(asked)), w)
                .actions().get(0);
        assertThat(instance.instanceClass()).isEqualTo("db.serverless");
        Action.CreateInstance mixed = (Action.CreateInstance) planClone(pipeline(Optional.of("db.r6g.large"), Optional.of(asked)), w)
                .actions().get(0);
        assertThat(mixed.instanceClass()).as("--instance-class says otherwise").isEqualTo("db.r6g.large");
    }

    @Test
    void withoutOptionsTheCloneCopiesTheSourcesClassAndScaling() {
        FakeAws w = FakeAws.at(NOW);
        w.sourceScaling(Optional.of(new ServerlessScaling(1, 8)));
        w.writerClass("db.serverless");
        CloneSpec spec = ((Action.CreateClone) planClone(Pipelines.dev().build(), w).actions().get(0)).spec();
        assertThat(spec.serverlessV2()).contains(new ServerlessScaling(1, 8));
        w.clone(TODAY, CREATED, "available", 0).withoutInstances(TODAY);
        assertThat(((Action.CreateInstance) planClone(Pipelines.dev().build(), w).actions().get(0)).instanceClass())
                .isEqualTo("db.serverless");
    }

    @Test
    void serverlessInstancesWithoutAnyScalingAreRefusedBeforeAnythingIsCreated() {
        Plan plan = planClone(pipeline(Optional.of("db.serverless"), Optional.empty()), FakeAws.at(NOW));
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.blockers()).singleElement().asString()
                .contains("db.serverless needs a capacity range").contains("source 'prod-db' has none")
                .contains("--serverless-capacity");
        FakeAws serverlessSource = FakeAws.at(NOW);
        serverlessSource.sourceScaling(Optional.of(new ServerlessScaling(0.5, 4)));
        assertThat(planClone(pipeline(Optional.of("db.serverless"), Optional.empty()), serverlessSource).actions())
                .as("the source's range is copied").singleElement().isInstanceOf(Action.CreateClone.class);
    }

    @ParameterizedTest
    @CsvSource({
            "aurora-postgresql,16.3,", "aurora-postgresql,16.4,", "aurora-postgresql,15.10,", "aurora-postgresql,17.1,",
            "aurora-postgresql,13.15,", "aurora-postgresql,14.12,",
            "aurora-postgresql,15.4,15.7", "aurora-postgresql,16.1,16.3", "aurora-postgresql,14.9,14.12",
            "aurora-postgresql,13.9,13.15", "aurora-postgresql,12.19,13.15",
            "aurora-mysql,8.0.mysql_aurora.3.08.0,", "aurora-mysql,8.0.mysql_aurora.3.10.1,",
            "aurora-mysql,8.0.mysql_aurora.3.05.2,8.0.mysql_aurora.3.08.0", "aurora-mysql,5.7.mysql_aurora.2.12.3,8.0.mysql_aurora.3.08.0"})
    void withoutAnAnswerFromRdsTheDocumentedVersionsDecide(String engine, String version, String minimum) {
        Optional<String> problem = AutoPauseVersions.problem(engine, version, Optional.empty());
        if (minimum == null) {
            assertThat(problem).isEmpty();
        } else {
            assertThat(problem).hasValueSatisfying(p -> assertThat(p)
                    .contains(engine + " " + version + " cannot auto-pause").contains("the first that can is " + minimum));
        }
    }

    @Test
    void rdssOwnAnswerWinsOverTheTable() {
        assertThat(AutoPauseVersions.problem("aurora-postgresql", "16.3", Optional.of(0.5)))
                .hasValueSatisfying(p -> assertThat(p).contains("16.3 cannot auto-pause").contains("lowest capacity is 0.5 ACU"));
        assertThat(AutoPauseVersions.problem("aurora-postgresql", "15.4", Optional.of(0.0))).isEmpty();
    }

    @Test
    void describeSaysTheRangeAndThePause() {
        assertThat(new ServerlessScaling(0, 4, Optional.of(600)).describe()).isEqualTo("0-4 ACU, pauses after 10m00s idle");
        assertThat(new ServerlessScaling(0.5, 16).describe()).isEqualTo("0.5-16 ACU");
    }
}
