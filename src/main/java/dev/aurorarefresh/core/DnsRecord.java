package dev.aurorarefresh.core;

import java.util.Optional;
import java.util.Locale;

/** A record as Route53 holds it now: its type and value, if it exists. */
public record DnsRecord(String name, Optional<String> type, Optional<String> value) {

    public static DnsRecord absent(String name) {
        return new DnsRecord(name, Optional.empty(), Optional.empty());
    }

    /** True if the record's value is this endpoint (DNS names compare without case and final dot). */
    public boolean pointsAt(String endpoint) {
        return endpoint != null && value.map(v -> normalize(v).equals(normalize(endpoint))).orElse(false);
    }

    public static String normalize(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
