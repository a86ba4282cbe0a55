package dev.aurorarefresh.testing;

import dev.aurorarefresh.port.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP forwarder standing in for a paused Aurora Serverless v2 instance that resumes:
 * the first connection wakes it, and for {@code pausedFor} from then every connection is closed at
 * once; after that, connections are forwarded to the real database.
 */
public final class ResumingForwarder implements AutoCloseable {
    private final ServerSocket server;
    private final HostPort target;
    private final Duration pausedFor;
    private long resumesAtNanos;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "resuming-forwarder");
        t.setDaemon(true);
        return t;
    });
    public final AtomicInteger refused = new AtomicInteger();
    public final AtomicInteger forwarded = new AtomicInteger();

    public ResumingForwarder(HostPort target, Duration pausedFor) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.pausedFor = pausedFor;
        threads.submit(this::acceptLoop);
    }

    public HostPort address() {
        return new HostPort("127.0.0.1", server.getLocalPort());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (refused.get() == 0 && forwarded.get() == 0) {
                    resumesAtNanos = System.nanoTime() + pausedFor.toNanos(); // the first connection wakes it
                }
                if (System.nanoTime() < resumesAtNanos) {
                    refused.incrementAndGet();
                    client.close();
                    continue;
                }
                forwarded.incrementAndGet();
                Socket backend = new Socket(target.host(), target.port());
                threads.submit(() -> pump(client, backend));
                threads.submit(() -> pump(backend, client));
            } catch (IOException e) {
                // closed, or one connection failed: the next accept decides
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // either side closed
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
