package dev.aurorarefresh.port;

import dev.aurorarefresh.core.DnsRecord;
import java.util.List;
import java.util.Optional;

/** What a pass needs from Route53. */
public interface DnsPort {

    /** A hosted zone; its name lower case without the final dot. */
    record HostedZone(String id, String name, boolean privateZone) {
    }

    /** A CNAME to set: record name and target. */
    record Cname(String name, String target) {
    }

    /** Empty when there is no such zone, or this role may not read it (AWS cannot tell the two apart for us). */
    Optional<HostedZone> zoneById(String zoneId);

    List<HostedZone> zonesByName(String zoneName);

    DnsRecord readRecord(String zoneId, String recordName);

    /** A submitted change: its id, and whether Route53's answer already said INSYNC. */
    record Submitted(String id, boolean inSync) {
    }

    /** UPSERTs the CNAMEs in one change batch; {@link NotReadyException} while Route53 still processes a prior change of the zone. */
    Submitted upsertCnames(String zoneId, List<Cname> records, long ttl, String comment);

    boolean isInSync(String changeId);
}
