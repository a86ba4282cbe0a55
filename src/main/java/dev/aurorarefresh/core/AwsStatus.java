package dev.aurorarefresh.core;

import java.util.Set;

/** How the planner reads RDS status strings. */
public final class AwsStatus {
    public static final String AVAILABLE = "available";
    public static final String DELETING = "deleting";

    /** Statuses from which a clone never becomes available on its own. */
    private static final Set<String> TERMINAL_FAILURES = Set.of(
            "cloning-failed", "migration-failed", "failed", "restore-error",
            "incompatible-restore", "incompatible-parameters", "incompatible-network",
            "incompatible-option-group", "inaccessible-encryption-credentials");

    private AwsStatus() {
    }

    public static boolean isTerminalFailure(String status) {
        return status != null && TERMINAL_FAILURES.contains(status);
    }

    public static boolean isAvailable(String status) {
        return AVAILABLE.equals(status);
    }

    public static boolean isDeleting(String status) {
        return DELETING.equals(status);
    }
}
