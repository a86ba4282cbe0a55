package dev.aurorarefresh.probe;

import dev.aurorarefresh.port.HostPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/** Does the endpoint accept a TCP connection on its port? */
final class TcpProbe {
    private TcpProbe() {
    }

    /** @return empty if it connected, else what went wrong */
    static Optional<String> connect(HostPort address, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.host(), address.port()), (int) timeout.toMillis());
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.of("cannot resolve host " + address.host());
        } catch (IOException e) {
            return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }
}
