package dev.aurorarefresh.probe;

import java.security.cert.CertificateException;

/**
 * Why {@link ServerTrust} refused the server's certificate, in TLS terms and one line. The TLS
 * stack carries it as the cause of the handshake failure, where {@link JdbcConnector#describe}
 * finds it whatever the driver wrapped around it.
 */
final class TlsFailure extends CertificateException {
    TlsFailure(String message) {
        super(message);
    }
}
