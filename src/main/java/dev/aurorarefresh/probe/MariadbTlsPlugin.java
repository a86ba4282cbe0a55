package dev.aurorarefresh.probe;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.HostAddress;
import org.mariadb.jdbc.export.ExceptionFactory;
import org.mariadb.jdbc.plugin.TlsSocketPlugin;
import org.mariadb.jdbc.plugin.tls.main.DefaultTlsSocketPlugin;

/**
 * MariaDB Connector/J's TLS plugin ({@code tlsSocketType=aurora-refresh}, found through
 * META-INF/services): {@link ServerTrust} checks the certificate during the handshake, against
 * the clone's real endpoint name, whatever host the driver connected to. The driver runs with
 * {@code sslMode=trust}, so it adds no check of its own against the connected host. The driver
 * makes a new plugin for each connection: {@link #getTrustManager} (called first) keeps the name
 * for {@link #createSocket}. For the native image, META-INF/services is a resource
 * (application.properties) and the plugins it lists, the driver's own and this one, are
 * registered for reflection: ServiceLoader instantiates each while it looks for this one.
 */
@RegisterForReflection(targets = {MariadbTlsPlugin.class, DefaultTlsSocketPlugin.class}, fields = false, methods = false)
public final class MariadbTlsPlugin implements TlsSocketPlugin {
    static final String TYPE = "aurora-refresh";

    private String serverName;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public TrustManager[] getTrustManager(Configuration conf, ExceptionFactory exceptionFactory, HostAddress hostAddress) {
        serverName = DriverTls.serverName(conf.nonMappedOptions());
        return new TrustManager[] {DriverTls.trust(conf.nonMappedOptions())};
    }

    @Override
    public KeyManager[] getKeyManager(Configuration conf, ExceptionFactory exceptionFactory) {
        return null; // no client certificate
    }

    @Override
    public SSLSocket createSocket(Socket socket, SSLSocketFactory factory) throws IOException {
        return (SSLSocket) factory.createSocket(socket, serverName, socket.getPort(), true);
    }

    @Override
    public void verify(String host, SSLSession session, long serverThreadId) {
        // not called under sslMode=trust; the name was checked in the handshake
    }
}
