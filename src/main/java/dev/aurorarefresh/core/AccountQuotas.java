package dev.aurorarefresh.core;

import java.util.Map;
import java.util.Optional;

/**
 * The account's RDS quotas a pass can run into, as DescribeAccountAttributes answers them (used
 * and max), read once per run; empty where RDS did not say (then nothing is checked ahead).
 */
public record AccountQuotas(Map<String, Quota> byName) {
    public static final String CLUSTERS = "DBClusters";
    public static final String INSTANCES = "DBInstances";
    public static final String SNAPSHOTS = "ManualClusterSnapshots";

    /** One quota: what is used of it and its maximum. */
    public record Quota(String name, long used, long max) {
        public long headroom() {
            return max - used;
        }

        public String usage() {
            return used + "/" + max;
        }
    }

    public static AccountQuotas unknown() {
        return new AccountQuotas(Map.of());
    }

    public Optional<Quota> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The quotas once {@code freed} of quota {@code name} are gone (e.g. clones deleted first). */
    public AccountQuotas less(String name, long freed) {
        Map<String, Quota> out = new java.util.LinkedHashMap<>(byName);
        out.computeIfPresent(name, (k, q) -> new Quota(q.name(), Math.max(0, q.used() - freed), q.max()));
        return new AccountQuotas(Map.copyOf(out));
    }
}
