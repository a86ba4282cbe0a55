package dev.aurorarefresh.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A certificate authority made for one test with openssl: its PEM certificate is a CA bundle,
 * and it issues server certificates for chosen names.
 */
public final class TestCa {
    /** A server certificate and its key, as PEM files. */
    public record ServerCertificate(Path certificate, Path key) {
    }

    public final Path certificate;
    private final Path key;
    private final Path dir;

    private TestCa(Path dir, Path certificate, Path key) {
        this.dir = dir;
        this.certificate = certificate;
        this.key = key;
    }

    /** A new CA with this common name, its files in {@code dir}. */
    public static TestCa create(Path dir, String commonName) {
        String stem = commonName.replaceAll("[^A-Za-z0-9]", "-");
        Path cert = dir.resolve(stem + ".pem");
        Path key = dir.resolve(stem + ".key");
        Processes.run(dir, Tool.OPENSSL.command(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-keyout", key.toString(), "-out", cert.toString(), "-subj", "/CN=" + commonName,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return new TestCa(dir, cert, key);
    }

    /** A server certificate for these DNS names (the first is also the common name). */
    public ServerCertificate issue(String stem, List<String> dnsNames) {
        Path cert = dir.resolve(stem + ".pem");
        Path key = dir.resolve(stem + ".key");
        Path csr = dir.resolve(stem + ".csr");
        Path ext = dir.resolve(stem + ".ext");
        try {
            Files.writeString(ext, "subjectAltName=" + String.join(",", dnsNames.stream().map(n -> "DNS:" + n).toList())
                    + "\nextendedKeyUsage=serverAuth\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Processes.run(dir, Tool.OPENSSL.command(), "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", "/CN=" + dnsNames.get(0));
        Processes.run(dir, Tool.OPENSSL.command(), "x509", "-req", "-in", csr.toString(), "-CA", certificate.toString(), "-CAkey", this.key.toString(),
                "-CAcreateserial", "-days", "2", "-out", cert.toString(), "-extfile", ext.toString());
        return new ServerCertificate(cert, key);
    }
}
