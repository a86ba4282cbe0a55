package dev.aurorarefresh.core;

/** One DB instance, as DescribeDBInstances reports it. */
public record InstanceView(String id, String arn, String clusterId, String status, String instanceClass,
        String parameterGroup, InstanceMonitoring monitoring) {
}
