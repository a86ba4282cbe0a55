package dev.aurorarefresh.probe;

import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS of the probe and hook connections: the mode, and the CA bundle {@code verify-full} checks
 * the server's certificate against (always present with {@code verify-full}).
 */
public record TlsSettings(TlsMode mode, Optional<CaBundle> caBundle) {
    /** Where the container images carry AWS's RDS global bundle (Dockerfile.native, Dockerfile.jvm). */
    public static final Path DEFAULT_CA_BUNDLE = Path.of("/etc/aurora-refresh/rds-global-bundle.pem");

    public TlsSettings {
        if (mode == TlsMode.VERIFY_FULL && caBundle.isEmpty()) {
            throw new IllegalArgumentException("verify-full needs a CA bundle");
        }
    }

    public static TlsSettings prefer() {
        return new TlsSettings(TlsMode.PREFER, Optional.empty());
    }

    public static TlsSettings verifyFull(CaBundle bundle) {
        return new TlsSettings(TlsMode.VERIFY_FULL, Optional.of(bundle));
    }

    /** For the log: what a connection will be, in the words of the option. */
    public String describe() {
        return switch (mode) {
            case VERIFY_FULL -> "TLS verify-full (certificate checked against " + caBundle.get().path() + ", "
                    + caBundle.get().certificates().size() + " CA certificate(s), and the clone's endpoint name)";
            case REQUIRE -> "TLS require (encrypted; the server's certificate is not verified"
                    + (caBundle.isEmpty() ? ": no CA bundle, set --db-ca-bundle" : "") + ")";
            case PREFER -> "TLS prefer (encrypted only if the server offers it)";
        };
    }
}
