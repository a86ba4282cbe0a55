package dev.aurorarefresh.core;

import java.util.Optional;

/**
 * The DNS name(s) that follow the newest clone, and the hosted zone that holds them (by name or
 * by id, as configured; the preflight resolves it). Record names are lower case, no final dot.
 */
public record RecordTarget(ZoneRef zone, String writerRecord, Optional<String> readerRecord, long ttl) {

    /** A hosted zone as the operator named it. */
    public record ZoneRef(String value, boolean isId) {
        @Override
        public String toString() {
            return (isId ? "hosted zone id " : "hosted zone ") + value;
        }
    }
}
