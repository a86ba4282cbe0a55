package dev.aurorarefresh.pass;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.core.Pipeline;
import dev.aurorarefresh.core.ServerlessScaling;
import dev.aurorarefresh.core.Step;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeAws;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.Pipelines;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Serverless settings AWS would refuse stop the pass with exit code 2 before any change. */
class ServerlessPreflightTest {
    private final FakeAws aws = FakeAws.at(Instant.parse("2026-11-25T03:00:00Z"));
    private final FakeClock clock = aws.clock;

    private PassReport run(Optional<String> instanceClass, Optional<ServerlessScaling> scaling) {
        Pipeline p = Pipelines.dev().withInstances(instanceClass, 1).withServerless(scaling).build();
        return aws.pass(aws, ReadinessCheck.AVAILABLE_IS_READY).run(p, Step.ALL, false);
    }

    @Test
    void aSourceVersionThatCannotPauseIsNamedWithTheFirstThatCan() {
        aws.sourceEngineVersion = "15.4";
        PassReport report = run(Optional.empty(), Optional.of(new ServerlessScaling(0, 4, Optional.of(600))));
        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.message()).contains("--serverless-capacity").contains("aurora-postgresql 15.4 cannot auto-pause")
                .contains("the first that can is 15.7").doesNotContain("\n");
        assertThat(aws.count("DescribeDBEngineVersions")).as("RDS was asked first").isEqualTo(1);
        assertThat(aws.mutatingCalls()).isZero();
    }

    @Test
    void rdsSayingTheVersionCanPauseIsBelieved() {
        aws.sourceEngineVersion = "15.4";
        aws.reportedServerlessMinCapacity = Optional.of(0.0);
        PassReport report = run(Optional.empty(), Optional.of(new ServerlessScaling(0, 4)));
        assertThat(report.exitCode()).isZero();
        assertThat(aws.lastRestore.serverlessV2()).contains(new ServerlessScaling(0, 4));
    }

    @Test
    void aMinimumAboveZeroAsksNothingAboutPausing() {
        aws.sourceEngineVersion = "13.9";
        PassReport report = run(Optional.empty(), Optional.of(new ServerlessScaling(0.5, 4)));
        assertThat(report.exitCode()).isZero();
        assertThat(aws.count("DescribeDBEngineVersions")).isZero();
    }

    @Test
    void serverlessInstancesWithNoScalingAnywhereAreExitTwo() {
        PassReport report = run(Optional.of("db.serverless"), Optional.empty());
        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.message()).startsWith("--instance-class: db.serverless needs a capacity range")
                .contains("--serverless-capacity");
        assertThat(aws.mutatingCalls()).isZero();
    }

    @Test
    void aMaximumAboveWhatTheEngineVersionAllowsIsExitTwoBeforeAnyChange() {
        aws.sourceEngineVersion = "13.9";
        aws.reportedServerlessMaxCapacity = Optional.of(128.0);
        PassReport report = run(Optional.empty(), Optional.of(new ServerlessScaling(0.5, 256)));
        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.message()).isEqualTo("--serverless-capacity: maximum 256 ACUs is more than aurora-postgresql 13.9"
                + " allows (128); use a maximum of at most 128, or upgrade the source's engine version");
        assertThat(aws.mutatingCalls()).isZero();
    }

    @Test
    void aMaximumTheEngineVersionAllowsIsCloned() {
        aws.reportedServerlessMaxCapacity = Optional.of(256.0);
        PassReport report = run(Optional.empty(), Optional.of(new ServerlessScaling(0.5, 256)));
        assertThat(report.exitCode()).as(report.message()).isZero();
        assertThat(aws.lastRestore.serverlessV2()).contains(new ServerlessScaling(0.5, 256));
    }

    @Test
    void aMaximumOfAtMost128AsksNothing() {
        aws.reportedServerlessMaxCapacity = Optional.of(128.0);
        PassReport report = run(Optional.empty(), Optional.of(new ServerlessScaling(0.5, 128)));
        assertThat(report.exitCode()).isZero();
        assertThat(aws.count("DescribeDBEngineVersions")).isZero();
    }
}
