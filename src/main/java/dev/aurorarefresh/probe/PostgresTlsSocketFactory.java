package dev.aurorarefresh.probe;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.net.Socket;
import java.util.Properties;
import org.postgresql.ssl.WrappedFactory;

/**
 * The PostgreSQL driver's {@code sslfactory}: it wraps the connection in TLS with
 * {@link ServerTrust}, presenting (SNI) and checking the clone's real endpoint name whatever
 * host the driver connected to. The driver runs with {@code sslmode=require} (or {@code prefer}),
 * so it adds no check of its own against the connected host. pgjdbc's {@link WrappedFactory}
 * forwards the rest of the factory to ours; the driver only ever layers TLS over its own socket.
 * Instantiated by pgjdbc by name with the connection properties, hence registered for reflection.
 */
@RegisterForReflection(fields = false, methods = false)
public final class PostgresTlsSocketFactory extends WrappedFactory {
    private final String serverName;

    public PostgresTlsSocketFactory(Properties info) {
        this.factory = DriverTls.socketFactory(info);
        this.serverName = DriverTls.serverName(info);
    }

    @Override
    public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
        return factory.createSocket(plain, serverName, port, autoClose);
    }
}
