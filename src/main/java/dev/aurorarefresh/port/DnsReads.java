package dev.aurorarefresh.port;

import dev.aurorarefresh.core.DnsRecord;
import java.util.List;
import java.util.Optional;

/** What a pass reads from Route53. */
public interface DnsReads {

    /** A hosted zone; its name lower case without the final dot. */
    record HostedZone(String id, String name, boolean privateZone) {
    }

    /** Empty when there is no such zone, or this role may not read it (AWS cannot tell the two apart for us). */
    Optional<HostedZone> zoneById(String zoneId);

    List<HostedZone> zonesByName(String zoneName);

    DnsRecord readRecord(String zoneId, String recordName);

    boolean isInSync(String changeId);
}
