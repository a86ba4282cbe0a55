package dev.aurorarefresh.probe;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Hands the TLS settings to the drivers' TLS hooks ({@link PostgresTlsSocketFactory},
 * {@link MariadbTlsPlugin}), which the drivers instantiate by name and configure from the
 * connection properties only: the mode, the CA bundle's path (re-read per connection: 7-18 ms
 * for a 120-certificate bundle, measured; a pass makes a handful) and the name the certificate
 * must carry.
 */
final class DriverTls {
    static final String MODE = "auroraRefreshTlsMode";
    static final String CA_BUNDLE = "auroraRefreshCaBundle";
    static final String SERVER_NAME = "auroraRefreshServerName";

    private DriverTls() {
    }

    static void put(Properties props, TlsSettings tls, String serverName) {
        props.setProperty(MODE, tls.mode().name());
        tls.caBundle().ifPresent(b -> props.setProperty(CA_BUNDLE, b.path().toString()));
        props.setProperty(SERVER_NAME, serverName);
    }

    static String serverName(Properties props) {
        return props.getProperty(SERVER_NAME);
    }

    static ServerTrust trust(Properties props) {
        TlsSettings tls = new TlsSettings(TlsMode.valueOf(props.getProperty(MODE)),
                Optional.ofNullable(props.getProperty(CA_BUNDLE)).map(p -> CaBundle.load(Path.of(p))));
        return new ServerTrust(tls, serverName(props));
    }

    static SSLSocketFactory socketFactory(Properties props) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust(props)}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
