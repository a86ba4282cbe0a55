package dev.aurorarefresh.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.pass.PassReport;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbEngineVersionsRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterToPointInTimeRequest;
import software.amazon.awssdk.services.rds.model.ServerlessV2ScalingConfiguration;

/**
 * Serverless v2 clones against moto: the restore request carries the scaling configuration, the
 * instances are db.serverless, and what RDS would refuse is exit code 2 before any request that
 * changes something. moto has no DescribeDBEngineVersions: the documented versions decide there.
 */
class ServerlessCloneTest extends MotoRequestsFixture {

    void postgresSource(String version) {
        aws.seedRds.createDBCluster(r -> r.dbClusterIdentifier("prod-db").engine("aurora-postgresql").engineVersion(version)
                .masterUsername("app").masterUserPassword("not-a-real-secret"));
        aws.seedRds.createDBInstance(r -> r.dbInstanceIdentifier("prod-db-1").dbClusterIdentifier("prod-db")
                .engine("aurora-postgresql").dbInstanceClass("db.r6g.large"));
    }

    @Test
    void aProvisionedSourceGivesAnAutoPausingServerlessClone() {
        postgresSource("16.4");

        PassReport report = pass("--serverless-capacity", "0-4", "--auto-pause-after", "10m");

        assertThat(report.outcome()).as(report.message()).isEqualTo(PassReport.Outcome.DONE);
        RestoreDbClusterToPointInTimeRequest restore = only(RestoreDbClusterToPointInTimeRequest.class);
        assertThat(restore.serverlessV2ScalingConfiguration()).isEqualTo(ServerlessV2ScalingConfiguration.builder()
                .minCapacity(0.0).maxCapacity(4.0).secondsUntilAutoPause(600).build());
        assertThat(only(CreateDbInstanceRequest.class).dbInstanceClass()).isEqualTo("db.serverless");
        assertThat(only(DescribeDbEngineVersionsRequest.class).engineVersion()).isEqualTo("16.4");
        String clone = report.events().stream().filter(e -> e.cloneId() != null).findFirst().orElseThrow().cloneId();
        assertThat(aws.rdsPort().describeCluster(clone).orElseThrow().serverlessV2())
                .as("what RDS reports for the clone").hasValueSatisfying(s -> {
                    assertThat(s.minCapacity()).isZero();
                    assertThat(s.maxCapacity()).isEqualTo(4.0);
                });
    }

    @Test
    void aMinimumAboveZeroKeepsTheProvisionedClassWhenAsked() {
        postgresSource("13.9");

        PassReport report = pass("--serverless-capacity", "0.5-8", "--instance-class", "db.r6g.large");

        assertThat(report.outcome()).as(report.message()).isEqualTo(PassReport.Outcome.DONE);
        assertThat(only(RestoreDbClusterToPointInTimeRequest.class).serverlessV2ScalingConfiguration())
                .isEqualTo(ServerlessV2ScalingConfiguration.builder().minCapacity(0.5).maxCapacity(8.0).build());
        assertThat(only(CreateDbInstanceRequest.class).dbInstanceClass()).isEqualTo("db.r6g.large");
        assertThat(sent).noneMatch(DescribeDbEngineVersionsRequest.class::isInstance);
    }

    @Test
    void aSourceVersionThatCannotPauseIsExitTwoBeforeAnyRestore() {
        postgresSource("15.4");

        PassReport report = pass("--serverless-capacity", "0-4");

        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.message()).contains("15.4 cannot auto-pause").contains("the first that can is 15.7");
        assertThat(sent).noneMatch(r -> r instanceof RestoreDbClusterToPointInTimeRequest || r instanceof CreateDbInstanceRequest);
    }

    @Test
    void serverlessInstancesOnAProvisionedSourceWithoutARangeIsExitTwoBeforeAnyRestore() {
        postgresSource("16.4");

        PassReport report = pass("--instance-class", "db.serverless");

        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.message()).contains("db.serverless needs a capacity range");
        assertThat(sent).noneMatch(RestoreDbClusterToPointInTimeRequest.class::isInstance);
    }
}
