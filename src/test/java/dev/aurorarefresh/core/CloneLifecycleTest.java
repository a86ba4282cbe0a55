package dev.aurorarefresh.core;

import static dev.aurorarefresh.core.Lifecycle.CONNECTED;
import static dev.aurorarefresh.core.Lifecycle.CREATED;
import static dev.aurorarefresh.core.Lifecycle.READY;
import static dev.aurorarefresh.testing.FakeAws.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorarefresh.core.CloneLifecycle.Transition;
import dev.aurorarefresh.testing.FakeAws;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The clone's state machine: the action each transition writes, and docs/design.md's Lifecycle section against it. */
class CloneLifecycleTest {
    private static final String TODAY = "dev-20261125";
    private static final Pattern CODE = Pattern.compile("`([a-z_A-Z-]+)`");

    @Test
    void aTransitionIsRecordedOnTheInstancesThenTheClusterWithItsTags() {
        Observation obs = FakeAws.at(NOW).clone(TODAY, CONNECTED, "available", 0).recordAt(TODAY).observation();
        ClusterView c = obs.clusters().stream().filter(x -> x.id().equals(TODAY)).findFirst().orElseThrow();
        Action.SetLifecycle a = CloneLifecycle.record(Transition.DISCONNECTED, c, CONNECTED, obs, NOW.plusMillis(1500), "gone",
                Map.of());
        assertThat(a.to()).isEqualTo(Lifecycle.ABORTED);
        assertThat(a.step()).isEqualTo(Step.CONNECT);
        assertThat(a.extraTags()).containsExactly(Map.entry(Tags.ABORTED_AT, "2026-11-25T10:00:01Z"));
        assertThat(a.resourceArns()).hasSize(obs.instancesOf(TODAY).size() + 1).last().isEqualTo(c.arn());
    }

    @Test
    void aMarkKeepsTheStateAndATransitionFromAnotherStateIsRefused() {
        Observation obs = FakeAws.at(NOW).clone(TODAY, READY, "available", 0).observation();
        ClusterView c = obs.clusters().stream().filter(x -> x.id().equals(TODAY)).findFirst().orElseThrow();
        assertThat(CloneLifecycle.record(Transition.RELEASED, c, READY, obs, NOW, "released", Map.of()).to()).isEqualTo(READY);
        assertThatThrownBy(() -> CloneLifecycle.record(Transition.PROMOTED, c, READY, obs, NOW, "again", Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PROMOTED does not leave ready");
        assertThatThrownBy(() -> CloneLifecycle.record(Transition.DELETED, c, Lifecycle.ABORTED, obs, NOW, "x", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailedProbeOrHookIsAPlannedTransition() {
        Observation obs = FakeAws.at(NOW).clone(TODAY, CREATED, "available", 0).masterSecret(TODAY).observation();
        Plan plan = Planner.plan(dev.aurorarefresh.testing.Pipelines.dev().build(), obs, NOW, Set.of(Step.WAIT));
        Action.PromoteReady promote = (Action.PromoteReady) plan.actions().get(0);
        assertThat(promote.promoted().transition()).isEqualTo(Transition.PROMOTED);
        assertThat(promote.onFailure().transition()).isEqualTo(Transition.CHECK_FAILED);
        assertThat(promote.onFailure().to()).isEqualTo(Lifecycle.FAILED);
        assertThat(promote.onFailure().resourceArns()).isEqualTo(promote.promoted().resourceArns());
    }

    /** One row of docs/design.md's transition table. */
    private record Row(String event, Set<Lifecycle> from, Optional<Lifecycle> to, String by) {
    }

    private static String section(String heading) throws IOException {
        String doc = Files.readString(Path.of("docs/design.md"));
        int start = doc.indexOf("\n### " + heading + "\n");
        assertThat(start).as("docs/design.md has a section " + heading).isNotNegative();
        int end = doc.indexOf("\n#", start + 5);
        return doc.substring(start, end < 0 ? doc.length() : end);
    }

    private static Set<Lifecycle> states(String cell) {
        if (cell.equals("any")) {
            return EnumSet.allOf(Lifecycle.class);
        }
        Set<Lifecycle> states = EnumSet.noneOf(Lifecycle.class);
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            states.add(Lifecycle.fromTag(m.group(1)).orElseThrow(() -> new AssertionError("not a state: " + cell)));
        }
        return states;
    }

    private static List<Row> documentedTransitions() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : section("Transitions").split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = Arrays.stream(line.split("\\|")).map(String::trim).toArray(String[]::new);
            Set<Lifecycle> to = states(cells[3].equals("(kept)") || cells[3].equals("deleted") ? "" : cells[3]);
            rows.add(new Row(cells[1].replace("`", ""), states(cells[2]), to.stream().findFirst(), cells[4]));
        }
        return rows;
    }

    @Test
    void designMdTransitionTableIsTheLifecycleFile() throws IOException {
        List<Row> code = Arrays.stream(Transition.values())
                .map(t -> new Row(t.name(), t.from(), t.to(), t.by().label()))
                .toList();
        assertThat(documentedTransitions()).containsExactlyElementsOf(code);
    }

    @Test
    void designMdStatesAreTheLifecycleStates() throws IOException {
        Set<String> documented = section("States").lines().filter(l -> l.startsWith("| `"))
                .map(l -> l.substring(3, l.indexOf('`', 3))).collect(Collectors.toSet());
        assertThat(documented).isEqualTo(Arrays.stream(Lifecycle.values()).map(Lifecycle::tagValue).collect(Collectors.toSet()));
    }
}
