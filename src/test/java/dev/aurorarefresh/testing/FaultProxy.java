package dev.aurorarefresh.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP proxy between the SDK and moto that injects the failures AWS really shows, by
 * rule: 500 and 503 answers, throttling (HTTP 400, code Throttling), a connection reset before any
 * answer, the answer lost after moto carried the request out, or a delay. Rules pick a request by
 * operation (RDS {@code Action=} form parameter, Route53 method and path) or by its number.
 * Every request is logged; a hook can run after a request was carried out (to kill the client),
 * and requests of one operation can be held until several have arrived (to force a race).
 * Where moto answers otherwise than AWS, the proxy answers as AWS does ({@link #answerAsAws}); a
 * {@link Layer} (the {@link StrictTwin}) sees every request that no fault stopped, and decides
 * whether and how it reaches moto and what comes back.
 */
public final class FaultProxy implements AutoCloseable {

    public enum Fault {
        /** HTTP 500 InternalFailure, the request not forwarded. */
        HTTP_500,
        /** HTTP 503 ServiceUnavailable, the request not forwarded. */
        HTTP_503,
        /** HTTP 400 Throttling "Rate exceeded", the request not forwarded. */
        THROTTLING,
        /** The connection is reset before any answer; the request not forwarded. */
        RESET,
        /** The request reaches moto, then the connection is reset: the answer is lost. */
        LOST_RESPONSE,
        /** The request waits {@link #delay} before it is forwarded (the client may give up first). */
        DELAY
    }

    /** One request as the proxy saw it. */
    public record Request(int number, String service, String operation) {
        public boolean mutating() {
            String op = operation.toLowerCase(Locale.ROOT);
            return !(op.startsWith("describe") || op.startsWith("list") || op.startsWith("get"));
        }
    }

    /** A request as it came in (path with its query string; headers as sent). */
    public record Exchange(Request request, String method, String path, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return Incoming.headerValue(headers, name);
        }
    }

    /** An HTTP answer. */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Sends a request body (the one given, or a rewritten one) to moto and returns moto's answer. */
    public interface Moto {
        Answer forward(byte[] body) throws IOException;
    }

    /** Stands between the client and moto for every request no fault stopped. */
    public interface Layer {
        Answer handle(Exchange exchange, Moto moto) throws IOException;
    }

    private record Rule(Predicate<Request> matches, Fault fault, AtomicInteger remaining) {
    }

    private static final Pattern ROUTE53 = Pattern.compile("/2013-04-01/(.*)");

    private final URI target;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient forwarder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Request> log = new CopyOnWriteArrayList<>();
    private final List<Fault> injected = new CopyOnWriteArrayList<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final AtomicInteger numbers = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Consumer<Request> afterForward = r -> { };
    private volatile Duration delay = Duration.ofSeconds(1);
    private volatile Layer layer = (exchange, moto) -> moto.forward(exchange.body());

    public FaultProxy(String targetEndpoint) {
        this.target = URI.create(targetEndpoint);
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.execute(this::accept);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    // ---- rules ----------------------------------------------------------------------------------

    /** The next {@code times} requests of this operation get the fault. */
    public FaultProxy inject(String operation, Fault fault, int times) {
        rules.add(new Rule(r -> r.operation().equals(operation), fault, new AtomicInteger(times)));
        return this;
    }

    /** The request with this number (1 = the first the proxy sees) gets the fault. */
    public FaultProxy injectNth(int number, Fault fault) {
        rules.add(new Rule(r -> r.number() == number, fault, new AtomicInteger(1)));
        return this;
    }

    /** How long {@link Fault#DELAY} holds a request. */
    public FaultProxy delay(Duration d) {
        this.delay = d;
        return this;
    }

    /** Runs after moto carried out a request, before its answer goes back to the client. */
    public FaultProxy afterForward(Consumer<Request> hook) {
        this.afterForward = hook;
        return this;
    }

    /** Requests of this operation wait until {@code parties} of them have arrived (at most 15 s). */
    public FaultProxy holdUntil(String operation, int parties) {
        holds.put(operation, new CountDownLatch(parties));
        return this;
    }

    /** Puts a layer (e.g. the strict twin) between the client and moto. */
    public FaultProxy layer(Layer layer) {
        this.layer = layer;
        return this;
    }

    /** Forgets rules, hooks, holds and the log (the request numbers start again at 1). */
    public void clear() {
        rules.clear();
        holds.clear();
        log.clear();
        injected.clear();
        numbers.set(0);
        afterForward = r -> { };
    }

    public List<Request> requests() {
        return List.copyOf(log);
    }

    public long count(String operation) {
        return log.stream().filter(r -> r.operation().equals(operation)).count();
    }

    /** Faults injected so far. */
    public List<Fault> injected() {
        return List.copyOf(injected);
    }

    /** Waits until no request is being handled (a delayed one may still be on its way to moto). */
    public void awaitIdle() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            sleep(10);
        }
        if (inFlight.get() > 0) {
            throw new IllegalStateException("fault proxy still busy after 30 s");
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        open.forEach(FaultProxy::closeQuietly);
        threads.shutdownNow();
    }

    // ---- serving --------------------------------------------------------------------------------

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                open.add(s);
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** One client connection: requests one after another (keep-alive), until either side closes. */
    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                Incoming incoming = Incoming.read(in);
                if (incoming == null) {
                    return;
                }
                inFlight.incrementAndGet();
                try {
                    if (!handle(incoming, socket, out)) {
                        return;
                    }
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        } finally {
            open.remove(socket);
        }
    }

    /** @return false if the connection was cut */
    private boolean handle(Incoming in, Socket socket, OutputStream out) throws IOException {
        Request request = identify(in);
        log.add(request);
        CountDownLatch hold = holds.get(request.operation());
        if (hold != null) {
            hold.countDown();
            await(hold);
        }
        Fault fault = null;
        for (Rule rule : rules) {
            if (rule.matches().test(request) && rule.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                fault = rule.fault();
                injected.add(fault);
                break;
            }
        }
        if (fault == Fault.RESET) {
            reset(socket);
            return false;
        }
        if (fault == Fault.HTTP_500 || fault == Fault.HTTP_503 || fault == Fault.THROTTLING) {
            write(out, faultAnswer(request, fault));
            return true;
        }
        if (fault == Fault.DELAY) {
            sleep(delay.toMillis());
        }
        Answer answer = layer.handle(new Exchange(request, in.method, in.path, in.headers, in.body),
                body -> answerAsAws(request, forward(in, body)));
        afterForward.accept(request);
        if (fault == Fault.LOST_RESPONSE) {
            reset(socket);
            return false;
        }
        write(out, answer);
        return true;
    }

    /** Where moto answers otherwise than AWS does, the answer AWS would give; else moto's. */
    private static Answer answerAsAws(Request request, HttpResponse<byte[]> response) {
        Answer answer = new Answer(response.statusCode(), response.headers().map(), response.body());
        String body = answer.text();
        if (request.operation().equals("RestoreDBClusterToPointInTime") && body.contains("DBClusterSnapshotAlreadyExistsFault")) {
            // a repeated restore within the same minute trips over moto's own automated snapshot name
            // before moto checks the cluster name
            return error(request, 400, "DBClusterAlreadyExistsFault", "DB Cluster already exists");
        }
        if (request.operation().equals("ModifyDBCluster") && answer.status() == 500 && body.contains("<html")) {
            // moto fails with a KeyError on a cluster that is gone (e.g. deleted by a concurrent run)
            return error(request, 404, "DBClusterNotFoundFault", "DBCluster not found");
        }
        return answer;
    }

    private Request identify(Incoming in) {
        int number = numbers.incrementAndGet();
        Matcher m = ROUTE53.matcher(in.path);
        if (m.matches()) {
            String p = m.group(1).replaceAll("\\?.*", "").replaceAll("/$", "");
            String op;
            if (p.matches("hostedzone/[^/]+/rrset")) {
                op = in.method.equals("POST") ? "ChangeResourceRecordSets" : "ListResourceRecordSets";
            } else if (p.startsWith("change/")) {
                op = "GetChange";
            } else if (p.equals("hostedzonesbyname")) {
                op = "ListHostedZonesByName";
            } else if (p.matches("hostedzone/[^/]+")) {
                op = "GetHostedZone";
            } else {
                op = in.method + " " + p;
            }
            return new Request(number, "Route53", op);
        }
        String target = Incoming.headerValue(in.headers, "x-amz-target");
        if (target != null) {
            String prefix = target.substring(0, Math.max(0, target.indexOf('.')));
            return new Request(number, prefix.equals("secretsmanager") ? "SecretsManager" : prefix,
                    target.substring(target.indexOf('.') + 1));
        }
        String body = new String(in.body, StandardCharsets.UTF_8);
        String authorization = String.valueOf(Incoming.headerValue(in.headers, "authorization"));
        for (String pair : body.split("&")) {
            if (pair.startsWith("Action=")) {
                String action = URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
                boolean sts = authorization.contains("/sts/aws4_request") || action.startsWith("AssumeRole");
                return new Request(number, sts ? "STS" : "RDS", action);
            }
        }
        return new Request(number, "?", in.method + " " + in.path);
    }

    private HttpResponse<byte[]> forward(Incoming in, byte[] body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(target.resolve(in.path)).timeout(Duration.ofSeconds(30))
                .method(in.method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        in.headers.forEach((name, value) -> {
            if (!Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding")
                    .contains(name.toLowerCase(Locale.ROOT))) {
                b.header(name, value);
            }
        });
        try {
            return forwarder.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static Answer faultAnswer(Request request, Fault fault) {
        int status = fault == Fault.HTTP_500 ? 500 : fault == Fault.HTTP_503 ? 503 : 400;
        String code = fault == Fault.HTTP_500 ? "InternalFailure" : fault == Fault.HTTP_503 ? "ServiceUnavailable" : "Throttling";
        String message = fault == Fault.THROTTLING ? "Rate exceeded" : "injected by the test proxy";
        return error(request, status, code, message);
    }

    /** An error answer in the request's protocol: JSON for Secrets Manager, XML for the others. */
    public static Answer error(Request request, int status, String code, String message) {
        if (request.service().equals("SecretsManager")) {
            String body = "{\"__type\":\"" + code + "\",\"message\":\"" + message.replace("\"", "'") + "\"}";
            return new Answer(status, Map.of("Content-Type", List.of("application/x-amz-json-1.1")),
                    body.getBytes(StandardCharsets.UTF_8));
        }
        String xmlns = request.service().equals("Route53") ? " xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"" : "";
        String body = "<ErrorResponse" + xmlns + "><Error><Type>" + (status < 500 ? "Sender" : "Receiver")
                + "</Type><Code>" + code + "</Code><Message>" + escape(message) + "</Message></Error>"
                + "<RequestId>fault-" + request.number() + "</RequestId></ErrorResponse>";
        return new Answer(status, Map.of("Content-Type", List.of("text/xml")), body.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void write(OutputStream out, Answer answer) throws IOException {
        write(out, answer.status(), answer.headers(), answer.body());
    }

    private static void write(OutputStream out, int status, Map<String, List<String>> headers, byte[] body)
            throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        headers.forEach((name, values) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (!n.equals("content-length") && !n.equals("transfer-encoding") && !n.equals("connection")
                    && !n.startsWith(":")) {
                values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n"));
            }
        });
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        whole.write(body);
        out.write(whole.toByteArray()); // one write: no Nagle/delayed-ACK stall between head and body
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    /** A TCP reset, as when a NAT gateway or load balancer drops the connection. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // closing anyway
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One HTTP/1.1 request read off the socket (Content-Length or chunked body). */
    private record Incoming(String method, String path, Map<String, String> headers, byte[] body) {

        static Incoming read(InputStream in) throws IOException {
            String requestLine = line(in);
            if (requestLine == null || requestLine.isEmpty()) {
                return null;
            }
            String[] parts = requestLine.split(" ");
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            String header;
            while ((header = line(in)) != null && !header.isEmpty()) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
            }
            byte[] body = new byte[0];
            String length = headerValue(headers, "content-length");
            if (length != null) {
                body = in.readNBytes(Integer.parseInt(length));
            } else if ("chunked".equalsIgnoreCase(headerValue(headers, "transfer-encoding"))) {
                body = chunked(in);
            }
            return new Incoming(parts[0], parts[1], headers, body);
        }

        static String headerValue(Map<String, String> headers, String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }

        private static byte[] chunked(InputStream in) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
                if (size == 0) {
                    String trailer;
                    while ((trailer = line(in)) != null && !trailer.isEmpty()) {
                        // skip trailers
                    }
                    return body.toByteArray();
                }
                body.write(in.readNBytes(size));
                line(in);
            }
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    String s = buf.toString(StandardCharsets.ISO_8859_1);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                buf.write(c);
            }
            return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Request numbers of the mutating requests in the log, in order. */
    public List<Request> mutatingRequests() {
        List<Request> out = new ArrayList<>();
        log.forEach(r -> {
            if (r.mutating()) {
                out.add(r);
            }
        });
        return out;
    }
}
