package dev.aurorarefresh.probe;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The CA certificates a server's certificate must chain to under {@code verify-full}: a PEM file
 * such as AWS's RDS {@code global-bundle.pem} (several certificates, one after the other; text
 * between them is ignored).
 */
public record CaBundle(Path path, List<X509Certificate> certificates) {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*?)-----END CERTIFICATE-----");

    /** @throws IllegalArgumentException saying what is wrong with the file */
    public static CaBundle load(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.ISO_8859_1); // PEM is ASCII; comments may not be
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("no such file");
        } catch (IOException | RuntimeException e) { // unreadable, a directory
            throw new IllegalArgumentException("cannot read it (" + e.getClass().getSimpleName().replace("Exception", "") + ")");
        }
        List<X509Certificate> certs = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(1));
                certs.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IllegalArgumentException("certificate " + (certs.size() + 1) + " cannot be parsed");
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("it holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return new CaBundle(path, List.copyOf(certs));
    }

    /** The JDK's PKIX validation (chain, validity, key usage) against exactly these CAs. */
    X509TrustManager trustManager() {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the trust store from " + path, e);
        }
    }
}
