package dev.aurorarefresh.probe;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Decides whether the server's certificate is acceptable, the same way for both drivers: under
 * {@code verify-full} it must chain to a CA of the bundle (the JDK's PKIX validation) and name
 * {@code serverName}, the clone's real endpoint, whatever address the connection went to (so a
 * tunnel behind {@code --db-host-override} must present the clone's certificate); under
 * {@code require} and {@code prefer} any certificate is accepted (encrypted, not verified).
 */
final class ServerTrust extends X509ExtendedTrustManager {
    private static final Pattern CN = Pattern.compile("(?:^|,)CN=((?:[^,\\\\]|\\\\.)+)");

    private final TlsSettings tls;
    private final String serverName;
    private final X509TrustManager pkix;

    ServerTrust(TlsSettings tls, String serverName) {
        this.tls = tls;
        this.serverName = serverName;
        this.pkix = tls.mode() == TlsMode.VERIFY_FULL ? tls.caBundle().orElseThrow().trustManager() : null;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (pkix == null) {
            return;
        }
        X509Certificate leaf = chain[0];
        try {
            pkix.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw new TlsFailure(untrusted(leaf));
        }
        List<String> names = names(leaf);
        if (names.stream().noneMatch(this::matches)) {
            throw new TlsFailure("the server's certificate does not match the name " + serverName + ": it is for "
                    + (names.isEmpty() ? "no name" : String.join(", ", names)));
        }
    }

    private String untrusted(X509Certificate leaf) {
        String subject = leaf.getSubjectX500Principal().getName();
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            return "the server's certificate is not trusted: " + subject + " expired on " + leaf.getNotAfter().toInstant();
        } catch (CertificateNotYetValidException e) {
            return "the server's certificate is not trusted: " + subject + " is not valid before " + leaf.getNotBefore().toInstant();
        }
        return "the server's certificate is not trusted: " + subject + " is issued by "
                + leaf.getIssuerX500Principal().getName() + ", which does not chain to a CA in " + tls.caBundle().orElseThrow().path();
    }

    /** The DNS and IP names of the certificate; its common name only when it has none (as HTTPS does). */
    static List<String> names(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> san : cert.getSubjectAlternativeNames()) {
                    int type = (Integer) san.get(0);
                    if (type == 2 || type == 7) { // dNSName, iPAddress
                        names.add((String) san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return names;
        }
        if (names.isEmpty()) {
            Matcher cn = CN.matcher(cert.getSubjectX500Principal().getName());
            if (cn.find()) {
                names.add(cn.group(1));
            }
        }
        return names;
    }

    /**
     * RFC 6125: the same name (case-insensitive), or a wildcard standing for the whole leftmost
     * label. The clone's endpoint is a DNS name, so an IP address in the certificate never matches.
     */
    private boolean matches(String certName) {
        String want = serverName.toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
        String have = certName.toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
        if (have.startsWith("*.")) {
            int dot = want.indexOf('.');
            return dot > 0 && want.substring(dot + 1).equals(have.substring(2)) && have.indexOf('.', 2) > 0;
        }
        return want.equals(have);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return tls.caBundle().map(b -> b.certificates().toArray(X509Certificate[]::new)).orElse(new X509Certificate[0]);
    }
}
