package dev.aurorarefresh.core;

/** Aurora Serverless v2 capacity range, in ACUs. */
public record ServerlessScaling(double minCapacity, double maxCapacity) {
}
