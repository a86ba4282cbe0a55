package dev.aurorarefresh.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorarefresh.pass.PassReport;
import dev.aurorarefresh.pass.RefreshPass;
import dev.aurorarefresh.port.ReadinessCheck;
import dev.aurorarefresh.testing.FakeClock;
import dev.aurorarefresh.testing.MotoAccount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterToPointInTimeRequest;

/**
 * The clone copies what a developer expects from its source (storage type, CloudWatch log
 * exports, CopyTagsToSnapshot, backtrack window; Performance Insights and enhanced monitoring of
 * the writer), each overridable: asserted on the requests the adapters send to moto, and on what
 * moto then reports for the clone. moto cannot seed an aurora-iopt1 source nor report an
 * instance's monitoring, so those are copied in PlannerTest and set by option here.
 */
class CloneFeaturesTest extends MotoRequestsFixture {
    static final String ROLE = "arn:aws:iam::123456789012:role/rds-monitoring-role";

    void source(String engine) {
        aws.seedRds.createDBCluster(r -> r.dbClusterIdentifier("prod-db").engine(engine).masterUsername("app")
                .masterUserPassword("not-a-real-secret").copyTagsToSnapshot(true)
                .enableCloudwatchLogsExports(engine.equals("aurora-mysql") ? List.of("audit", "error") : List.of("postgresql"))
                .backtrackWindow(engine.equals("aurora-mysql") ? 86400L : null));
        aws.seedRds.createDBInstance(r -> r.dbInstanceIdentifier("prod-db-1").dbClusterIdentifier("prod-db").engine(engine)
                .dbInstanceClass("db.r6g.large"));
    }

    @Test
    void aMysqlCloneCopiesLogsTagsAndBacktrackAndTakesStorageAndMonitoringOptions() {
        source("aurora-mysql");

        PassReport report = pass("--storage-type", "aurora-iopt1", "--performance-insights", "true",
                "--performance-insights-retention", "93", "--monitoring-interval", "30", "--monitoring-role-arn", ROLE);

        assertThat(report.outcome()).as(report.message()).isEqualTo(PassReport.Outcome.DONE);
        RestoreDbClusterToPointInTimeRequest restore = only(RestoreDbClusterToPointInTimeRequest.class);
        assertThat(restore.storageType()).isEqualTo("aurora-iopt1");
        assertThat(restore.enableCloudwatchLogsExports()).containsExactly("audit", "error");
        assertThat(restore.copyTagsToSnapshot()).isTrue();
        assertThat(restore.backtrackWindow()).isEqualTo(86400L);
        CreateDbInstanceRequest instance = only(CreateDbInstanceRequest.class);
        assertThat(instance.enablePerformanceInsights()).isTrue();
        assertThat(instance.performanceInsightsRetentionPeriod()).isEqualTo(93);
        assertThat(instance.monitoringInterval()).isEqualTo(30);
        assertThat(instance.monitoringRoleArn()).isEqualTo(ROLE);
        // and moto, told so, reports the clone that way
        var clone = aws.cluster("dev-20261125");
        assertThat(clone.storageType()).isEqualTo("aurora-iopt1");
        assertThat(clone.enabledCloudwatchLogsExports()).containsExactly("audit", "error");
        assertThat(clone.copyTagsToSnapshot()).isTrue();
        assertThat(clone.backtrackWindow()).isEqualTo(86400L);
    }

    @Test
    void aPostgresCloneHasNoBacktrackAndEachSettingCanBeOverridden() {
        source("aurora-postgresql");

        PassReport report = pass("--storage-type", "aurora", "--log-exports", "none", "--copy-tags-to-snapshot", "false",
                "--performance-insights", "false", "--monitoring-interval", "0", "--backtrack-window", "0");

        assertThat(report.outcome()).as(report.message()).isEqualTo(PassReport.Outcome.DONE);
        RestoreDbClusterToPointInTimeRequest restore = only(RestoreDbClusterToPointInTimeRequest.class);
        assertThat(restore.storageType()).isEqualTo("aurora");
        assertThat(restore.hasEnableCloudwatchLogsExports()).isFalse();
        assertThat(restore.copyTagsToSnapshot()).isFalse();
        assertThat(restore.backtrackWindow()).isNull();
        CreateDbInstanceRequest instance = only(CreateDbInstanceRequest.class);
        assertThat(instance.enablePerformanceInsights()).isNull();
        assertThat(instance.monitoringInterval()).isNull();
        assertThat(instance.monitoringRoleArn()).isNull();
    }
}
