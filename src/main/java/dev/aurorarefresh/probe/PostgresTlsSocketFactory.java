package dev.aurorarefresh.probe;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;

/**
 * The PostgreSQL driver's {@code sslfactory}: it wraps the connection in TLS with
 * {@link ServerTrust}, presenting (SNI) and checking the clone's real endpoint name whatever
 * host the driver connected to. The driver runs with {@code sslmode=require} (or {@code prefer}),
 * so it adds no check of its own against the connected host. Instantiated by pgjdbc by name with
 * the connection properties, hence registered for reflection.
 */
@RegisterForReflection(fields = false, methods = false)
public final class PostgresTlsSocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory tls;
    private final String serverName;

    public PostgresTlsSocketFactory(Properties info) {
        this.tls = DriverTls.socketFactory(info);
        this.serverName = DriverTls.serverName(info);
    }

    @Override
    public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
        return tls.createSocket(plain, serverName, port, autoClose);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw new UnsupportedOperationException("the driver layers TLS over its own socket");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw new UnsupportedOperationException("the driver layers TLS over its own socket");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        throw new UnsupportedOperationException("the driver layers TLS over its own socket");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        throw new UnsupportedOperationException("the driver layers TLS over its own socket");
    }
}
