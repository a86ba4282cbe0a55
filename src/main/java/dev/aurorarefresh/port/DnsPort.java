package dev.aurorarefresh.port;

/** Route53 as an adapter provides it: its reads and its writes (see {@link RdsPort}). */
public interface DnsPort extends DnsReads, DnsWrites {
}
