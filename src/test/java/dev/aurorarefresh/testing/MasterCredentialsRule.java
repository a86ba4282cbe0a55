package dev.aurorarefresh.testing;

import dev.aurorarefresh.testing.CrossAccountRules.Denial;
import java.util.HashMap;
import java.util.Map;

/**
 * The strict twin's rule for a change of a cluster's master credentials
 * ({@link StrictTwin.Rule#MASTER_CREDENTIALS}). moto applies {@code ManageMasterUserPassword}
 * at once and the cluster stays {@code available}; on AWS the cluster reads
 * {@code resetting-master-credentials} ("the master credentials for the DB cluster are being
 * reset because of a customer request") before it is {@code available} again, and in between
 * refuses another modification. {@code ManageMasterUserPassword} with a {@code MasterUserPassword}
 * is refused (the API reference: "you can't specify MasterUserPassword" when turning the management on).
 * Evidence: docs/deploy.md, "What AWS allows across accounts".
 */
final class MasterCredentialsRule {
    private final Map<String, Integer> resetting = new HashMap<>();
    private int resettingReads = 2;

    synchronized void resettingReads(int reads) {
        this.resettingReads = reads;
    }

    /** Whether this ModifyDBCluster changes the master credentials. */
    static boolean changesCredentials(Map<String, String> form) {
        return "true".equals(form.get("ManageMasterUserPassword")) || form.containsKey("MasterUserPassword")
                || "true".equals(form.get("RotateMasterUserPassword"));
    }

    /** A ManageMasterUserPassword (no rotation) for a cluster whose master password RDS already keeps in its secret. */
    static boolean managesAlready(Map<String, String> form, software.amazon.awssdk.services.rds.RdsClient lookups) {
        if (!"true".equals(form.get("ManageMasterUserPassword")) || "true".equals(form.get("RotateMasterUserPassword"))) {
            return false;
        }
        try {
            return lookups.describeDBClusters(r -> r.dbClusterIdentifier(form.get("DBClusterIdentifier"))).dbClusters().stream()
                    .anyMatch(c -> c.masterUserSecret() != null && c.masterUserSecret().secretArn() != null);
        } catch (software.amazon.awssdk.services.rds.model.DbClusterNotFoundException gone) {
            return false;
        }
    }

    /** A query-protocol form without these parameters. */
    static byte[] without(byte[] body, String... parameters) {
        java.util.Set<String> drop = java.util.Set.of(parameters);
        String form = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return java.util.Arrays.stream(form.split("&")).filter(kv -> !drop.contains(kv.split("=", 2)[0]))
                .collect(java.util.stream.Collectors.joining("&")).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Why AWS refuses this ModifyDBCluster of a cluster whose status is {@code status}, or null. */
    synchronized Denial denial(Map<String, String> form, String status) {
        String id = form.get("DBClusterIdentifier");
        if (resetting.containsKey(id)) {
            return new Denial(400, "InvalidDBClusterStateFault", "DB cluster " + id
                    + " is in resetting-master-credentials state and cannot be modified until it is available.");
        }
        if (!changesCredentials(form)) {
            return null;
        }
        if ("true".equals(form.get("ManageMasterUserPassword")) && form.containsKey("MasterUserPassword")) {
            return new Denial(400, "InvalidParameterCombination",
                    "You can't specify MasterUserPassword when ManageMasterUserPassword is true.");
        }
        if (!"available".equals(status)) {
            return new Denial(400, "InvalidDBClusterStateFault", "DB cluster " + id + " is in " + status
                    + " state: its master credentials can be changed only when it is available.");
        }
        return null;
    }

    /** The change went through: the cluster now resets its credentials for a few reads. */
    synchronized void changed(String clusterId) {
        if (resettingReads > 0) {
            resetting.put(clusterId, resettingReads);
        }
    }

    /** The status AWS shows for one read, given the status otherwise shown; counts the read. */
    synchronized String read(String clusterId, String status) {
        Integer left = resetting.get(clusterId);
        if (left == null || !"available".equals(status)) {
            return status;
        }
        if (left <= 1) {
            resetting.remove(clusterId);
        } else {
            resetting.put(clusterId, left - 1);
        }
        return "resetting-master-credentials";
    }

    /** Without reading: whether the cluster is still resetting. */
    synchronized boolean isResetting(String clusterId) {
        return resetting.containsKey(clusterId);
    }
}
