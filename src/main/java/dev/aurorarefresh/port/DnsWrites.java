package dev.aurorarefresh.port;

import java.util.List;
import java.util.Optional;

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

    /**
     * DELETEs, in one change batch, those of the CNAMEs that still point at the target given (Route53
     * deletes a record set only when the change names its current values, so one changed meanwhile is
     * refused, not deleted); a record that is gone or points elsewhere is left alone. Empty when none
     * was left to delete; {@link NotReadyException} as for {@link #upsertCnames}.
     */
    Optional<Submitted> deleteCnames(String zoneId, List<Cname> records, String comment);
}
