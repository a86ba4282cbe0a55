package dev.aurorarefresh.core;

import java.util.Set;

/**
 * How the planner reads RDS status strings. Every status has one outcome: available, deleting,
 * on its way to available (creating, modifying, backing-up, ... : waited for), never available by
 * itself (a clone being made in it is failed), or undeletable while in it (stopped: RDS deletes
 * neither a stopped cluster's instances nor, with them, the cluster).
 */
public final class AwsStatus {
    public static final String AVAILABLE = "available";
    public static final String DELETING = "deleting";
    /** A master credentials change is being applied (docs/deploy.md, "What AWS allows across accounts"). */
    public static final String RESETTING_MASTER_CREDENTIALS = "resetting-master-credentials";

    /** Statuses from which a cluster or instance never becomes available on its own. */
    private static final Set<String> TERMINAL_FAILURES = Set.of(
            "cloning-failed", "migration-failed", "failed", "restore-error", "insufficient-capacity", "storage-full");
    /** Families of terminal statuses: incompatible-restore, -parameters, -network, -option-group, ...; KMS key lost. */
    private static final Set<String> TERMINAL_PREFIXES = Set.of("incompatible-", "inaccessible-encryption-credentials");
    /** RDS refuses to delete the instances (and so the cluster) until the cluster is started again. */
    private static final Set<String> STOPPED = Set.of("stopped", "stopping");

    private AwsStatus() {
    }

    public static boolean isTerminalFailure(String status) {
        return status != null && (TERMINAL_FAILURES.contains(status)
                || TERMINAL_PREFIXES.stream().anyMatch(status::startsWith));
    }

    public static boolean isStopped(String status) {
        return status != null && STOPPED.contains(status);
    }

    /** A clone being made in this status will not become available without someone acting. */
    public static boolean neverAvailableByItself(String status) {
        return isTerminalFailure(status) || isStopped(status);
    }

    public static boolean isAvailable(String status) {
        return AVAILABLE.equals(status);
    }

    public static boolean isDeleting(String status) {
        return DELETING.equals(status);
    }

    /** Why this status makes a clone fail, in words an operator can act on. */
    public static String explain(String status) {
        if (status.startsWith("inaccessible-encryption-credentials")) {
            return status + ": the KMS key is disabled, deleted or not granted (check the source's key and kms:CreateGrant)";
        }
        if (status.startsWith("incompatible-")) {
            return status + ": RDS cannot run it with these settings (parameter group, network, option group or restore)";
        }
        if (status.equals("insufficient-capacity")) {
            return status + ": RDS has no capacity for this instance class in the zone now (try another --instance-class)";
        }
        if (isStopped(status)) {
            return status + ": someone stopped it before it was ready";
        }
        return status;
    }
}
