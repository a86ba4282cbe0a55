package dev.aurorarefresh.probe;

import java.util.Arrays;
import java.util.Optional;

/** How the probe and hook connections use TLS; the same words for both engines. */
public enum TlsMode {
    /** Encrypted when the server offers TLS, in clear otherwise: local tests and tunnels only. */
    PREFER("prefer"),
    /** Encrypted, or no connection; the server's certificate is not checked. */
    REQUIRE("require"),
    /** Encrypted, the certificate chains to a CA of the bundle and names the clone's endpoint. */
    VERIFY_FULL("verify-full");

    private final String option;

    TlsMode(String option) {
        this.option = option;
    }

    /** The value as written on the command line. */
    public String option() {
        return option;
    }

    public static Optional<TlsMode> parse(String value) {
        return Arrays.stream(values()).filter(m -> m.option.equals(value)).findFirst();
    }
}
