package dev.aurorarefresh.port;

/**
 * RDS as an adapter provides it: its reads and its writes. The pass splits them at once: the
 * observer and preflight get the {@link RdsReads}, only the action runner the {@link RdsWrites}.
 */
public interface RdsPort extends RdsReads, RdsWrites {
}
