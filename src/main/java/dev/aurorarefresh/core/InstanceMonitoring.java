package dev.aurorarefresh.core;

import java.util.Optional;

/**
 * Performance Insights and enhanced monitoring of an instance: the source writer's are given to
 * the clone's instances, so a developer sees the clone as they see production.
 *
 * @param monitoringInterval seconds between enhanced monitoring samples; 0 is off
 */
public record InstanceMonitoring(
        boolean performanceInsights,
        Optional<String> performanceInsightsKmsKeyId,
        Optional<Integer> performanceInsightsRetentionDays,
        int monitoringInterval,
        Optional<String> monitoringRoleArn) {

    public static final InstanceMonitoring NONE = new InstanceMonitoring(false, Optional.empty(), Optional.empty(), 0,
            Optional.empty());
}
