package dev.aurorarefresh.port;

import java.util.List;

/** What a pass changes in Route53. Only {@code pass.ActionRunner} calls it ({@code WritersTest}). */
public interface DnsWrites {

    /** A CNAME to set: record name and target. */
    record Cname(String name, String target) {
    }

    /** A submitted change: its id, and whether Route53's answer already said INSYNC. */
    record Submitted(String id, boolean inSync) {
    }

    /** UPSERTs the CNAMEs in one change batch; {@link NotReadyException} while Route53 still processes a prior change of the zone. */
    Submitted upsertCnames(String zoneId, List<Cname> records, long ttl, String comment);
}
