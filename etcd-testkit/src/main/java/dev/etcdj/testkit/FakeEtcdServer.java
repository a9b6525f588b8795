package dev.etcdj.testkit;

import dev.etcdj.api.ErrorCode;
import dev.etcdj.api.Etcd;
import dev.etcdj.http.EtcdHttp;
import dev.etcdj.testkit.internal.AdminHttp;
import dev.etcdj.testkit.internal.GoExchange;
import dev.etcdj.testkit.internal.GoForm;
import dev.etcdj.testkit.internal.GoHttpServer;
import dev.etcdj.testkit.internal.GoJson;
import dev.etcdj.testkit.internal.GoServeMux;
import dev.etcdj.testkit.internal.GoStrings;
import dev.etcdj.testkit.internal.KeyRequest;
import dev.etcdj.testkit.internal.MembersHttp;
import dev.etcdj.testkit.internal.StatsHttp;
import dev.etcdj.testkit.internal.Store;
import dev.etcdj.testkit.internal.Watcher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link FakeEtcd} served over real HTTP, speaking etcd 3.4's v2 wire format: the same status codes,
 * JSON (field order, omissions, Go's HTML escaping, trailing newlines), {@code X-Etcd-*} and
 * {@code X-Raft-*} headers, Go's form and query parsing, 301s for unclean paths, long-poll and
 * {@code stream=true} watches, {@code /version}, {@code /health}, {@code /v2/machines},
 * {@code /v2/members} and {@code /v2/stats/*} with single-member answers. Any etcd v2 client can be tested
 * against it.
 *
 * <pre>{@code
 * try (FakeEtcdServer server = FakeEtcdServer.start(); Etcd etcd = server.client()) { ... }
 * }</pre>
 *
 * <p>From the command line: {@code java -jar etcd-fake-server.jar} with etcd's flags ({@link FakeEtcdCommand}).
 * Thread-safe.
 *
 * <p>The HTTP layer is a small server on JDK sockets framed as Go's {@code net/http} (header names in Go's
 * canonical case, sorted, then {@code Date} and {@code Content-Length}; chunked above 2 KiB; keep-alive;
 * {@code Expect: 100-continue}); a request line Go cannot parse closes the connection with no answer, as
 * etcd does. Slow clients are dropped after 10 s, and an abandoned long poll releases its watcher and
 * thread as soon as the client's connection closes.
 */
public final class FakeEtcdServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.etcdj.testkit.FakeEtcdServer");
    private static final int CHUNK_THRESHOLD = 2048;
    /** Go's maxFormSize: a larger form body is refused ("http: POST too large"), never truncated. */
    static final long MAX_FORM_BYTES = 10L << 20;


    private final FakeEtcd fake;
    private final boolean ownsFake;
    private final GoHttpServer server;
    private final AdminHttp admin;
    private final StatsHttp stats;
    private final MembersHttp members;
    private final Instant started = Instant.now();
    /** The member this server is (a {@link FakeEtcdCluster}'s), or null for the fake's own member. */
    private final String memberId;
    /** Whether writes and quorum reads can commit (a fake cluster with too few members up cannot). */
    private final java.util.function.BooleanSupplier quorum;
    private volatile java.util.concurrent.CountDownLatch paused;
    private volatile boolean closed;

    private FakeEtcdServer(FakeEtcd fake, boolean ownsFake, String host, int port) {
        this(fake, ownsFake, host, port, null, null, fake.admin().members()::hasQuorum);
    }

    /** Serves {@code fake} as member {@code memberId} ({@code name}) of a fake cluster. */
    FakeEtcdServer(FakeEtcd fake, String host, int port, String memberId, String name, java.util.function.BooleanSupplier quorum) {
        this(fake, false, host, port, memberId, name, quorum);
    }

    private FakeEtcdServer(FakeEtcd fake, boolean ownsFake, String host, int port, String memberId, String name,
                           java.util.function.BooleanSupplier quorum) {
        this.fake = fake;
        this.ownsFake = ownsFake;
        this.memberId = memberId;
        this.quorum = quorum;
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
        }
        this.server = GoHttpServer.start(new InetSocketAddress(address, port), this::handle, "etcdj-fake-http");
        if (memberId == null) {
            fake.admin().members().serving(List.of(java.net.URI.create(url())));
        } else {
            fake.admin().publish(memberId, name, List.of(java.net.URI.create(url())));
        }
        AdminHttp.Responder out = (x, status, type, body) -> send(x, status, type, body == null ? "" : body);
        this.admin = new AdminHttp(fake.admin(), fake.clusterId(), out);
        this.members = new MembersHttp(fake.admin(), admin, fake.clusterId(), quorum, out);
        this.stats = new StatsHttp(fake.admin(), memberId, started, fake.store()::watcherCount, quorum, out);
    }

    /**
     * Serves a new {@link FakeEtcd} on a free loopback port.
     *
     * @return the running server; close it to stop serving
     */
    public static FakeEtcdServer start() {
        return new FakeEtcdServer(FakeEtcd.create(), true, "127.0.0.1", 0);
    }

    /**
     * Serves {@code fake} on a free loopback port; closing the server leaves the fake open.
     *
     * @param fake the fake to serve
     * @return the running server; close it to stop serving
     */
    public static FakeEtcdServer start(FakeEtcd fake) {
        return new FakeEtcdServer(Objects.requireNonNull(fake, "fake == null"), false, "127.0.0.1", 0);
    }

    /**
     * Serves {@code fake} on {@code host:port} (port 0 for a free one).
     *
     * @param fake the fake to serve
     * @param host the address to listen on, such as {@code 127.0.0.1}
     * @param port the port, or 0 for a free one
     * @return the running server; close it to stop serving
     */
    public static FakeEtcdServer start(FakeEtcd fake, String host, int port) {
        return new FakeEtcdServer(Objects.requireNonNull(fake, "fake == null"), false, host, port);
    }

    /**
     * Serves {@code fake} on a free loopback port as the member {@code id}, one added through the members
     * API and now started (as {@code etcd --initial-cluster-state existing} would): it publishes
     * {@code name} and its client URL, answers its own stats, and counts towards the quorum. Closing the
     * server leaves the fake open (the member stays listed, as a stopped one).
     *
     * @param fake the fake to serve
     * @param id the member's id, as the members API returned it
     * @param name the member's name
     * @return the running server; close it to stop serving
     */
    public static FakeEtcdServer startMember(FakeEtcd fake, String id, String name) {
        Objects.requireNonNull(fake, "fake == null");
        Objects.requireNonNull(name, "name == null");
        if (fake.admin().members().list().stream().noneMatch(m -> m.id().equals(id))) {
            throw new IllegalArgumentException("no member " + id + " in " + fake.admin().members().list());
        }
        return new FakeEtcdServer(fake, false, "127.0.0.1", 0, id, name, fake.admin().members()::hasQuorum);
    }

    /** {@return the client URL, e.g. {@code http://127.0.0.1:40123}} */
    public String url() {
        InetSocketAddress a = server.address();
        String host = a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** {@return the fake behind this server} */
    public FakeEtcd fake() {
        return fake;
    }

    /** {@return a new HTTP client of this server} */
    public Etcd client() {
        return EtcdHttp.connect(url());
    }

    /** Stops serving (open watches end) and, if this server created its fake, closes it. */
    @Override
    public void close() {
        closed = true;
        resume();
        server.close();
        if (ownsFake) {
            fake.close();
        }
    }

    @Override
    public String toString() {
        return "FakeEtcdServer[" + url() + "]";
    }

    /**
     * Runs the fake with etcd's command line; see {@link FakeEtcdCommand}.
     *
     * @param args etcd's flags, as for {@link FakeEtcdCommand}
     */
    public static void main(String[] args) {
        FakeEtcdCommand.main(args);
    }

    // ---- dispatch ----------------------------------------------------------------------------------

    /** Stops answering (requests wait, connections stay open), as a member stopped with SIGSTOP. */
    void pause() {
        if (paused == null) {
            paused = new java.util.concurrent.CountDownLatch(1);
        }
    }

    /** Answers again, the waiting requests first. */
    void resume() {
        java.util.concurrent.CountDownLatch p = paused;
        paused = null;
        if (p != null) {
            p.countDown();
        }
    }

    private void handle(GoExchange x) throws IOException {
        java.util.concurrent.CountDownLatch p = paused;
        if (p != null) {
            try {
                p.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (closed) {
                throw new IOException("stopped while paused: the request goes unanswered");
            }
        }
        try {
            route(x);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "client went away: " + e);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.log(System.Logger.Level.WARNING, "fake server failed on " + x.method() + " " + x.rawPath(), e);
            send(x, 500, "text/plain; charset=utf-8", "internal error in the fake: " + e + "\n");
        }
    }

    private void route(GoExchange x) throws IOException {
        String method = x.method();
        String rawPath = x.rawPath();
        String rawQuery = x.rawQuery();
        byte[] decoded;
        try {
            decoded = GoForm.unescapeBytes(rawPath, false);
        } catch (IllegalArgumentException e) {
            x.setHeader("Connection", "close");
            send(x, 400, "text/plain; charset=utf-8", "400 Bad Request");
            return;
        }
        // etcd's default --cors=* adds all three to every answer (the fixtures recorded only the first)
        x.setHeader("Access-Control-Allow-Origin", "*");
        x.setHeader("Access-Control-Allow-Methods", "POST, GET, OPTIONS, PUT, DELETE");
        x.setHeader("Access-Control-Allow-Headers", "accept, content-type, authorization");
        if (method.equals("OPTIONS")) {
            x.sendHeaders(200, -1);
            return;
        }
        String path = GoStrings.decode(decoded);
        String clean = GoServeMux.cleanPath(path);
        if (!clean.equals(path)) {
            GoServeMux.redirect(x, method, clean, rawQuery, FakeEtcdServer::send);
            return;
        }
        if (path.equals("/v2/keys") || path.startsWith("/v2/keys/")) {
            keys(x, method, path.substring("/v2/keys".length()), rawQuery);
        } else if (path.equals("/version")) {
            fixed(x, method, List.of("GET"), "application/json", "{\"etcdserver\":\"3.4.23\",\"etcdcluster\":\"3.4.0\"}");
        } else if (path.equals("/health")) {
            if (method.equals("GET") && !quorum.getAsBoolean()) {   // no leader (fixture 278)
                x.setSniffedContentType("text/plain; charset=utf-8");
                send(x, 503, null, "{\"health\":\"false\"}");
            } else {
                fixed(x, method, List.of("GET"), null, "{\"health\":\"true\"}");
            }
        } else if (path.equals("/v2/machines")) {
            fixed(x, method, List.of("GET", "HEAD"), null, fake.admin().members().list().stream()
                    .flatMap(m -> m.clientUrls().stream()).map(java.net.URI::toString).collect(java.util.stream.Collectors.joining(", ")));
        } else if (path.equals("/v2/members") || path.startsWith("/v2/members/")) {
            members.members(x, method, path.substring("/v2/members".length()));
        } else if (path.equals("/v2/auth") || path.startsWith("/v2/auth/")) {
            admin.auth(x, method, path.substring("/v2/auth".length()));
        } else if (path.startsWith("/v2/stats/")) {
            stats.stats(x, method, path.substring("/v2/stats/".length()));
        } else {
            send(x, 404, "text/plain; charset=utf-8", "404 page not found\n");
        }
    }

    /** A fixed answer; a null type is one the handler leaves to Go's sniffing (text/plain, after Content-Length). */
    private void fixed(GoExchange x, String method, List<String> allowed, String type, String body) throws IOException {
        if (!allowed.contains(method)) {
            methodNotAllowed(x, String.join(",", allowed));
            return;
        }
        if (type == null) {
            x.setSniffedContentType("text/plain; charset=utf-8");
        }
        send(x, 200, type, body);
    }

    private void methodNotAllowed(GoExchange x, String allow) throws IOException {
        x.setHeader("Allow", allow);
        x.setHeader("X-Content-Type-Options", "nosniff");
        send(x, 405, "text/plain; charset=utf-8", "Method Not Allowed\n");
    }

    // ---- /v2/keys ----------------------------------------------------------------------------------

    private void keys(GoExchange x, String method, String key, String rawQuery) throws IOException {
        if (!(method.equals("HEAD") || method.equals("GET") || method.equals("PUT") || method.equals("POST")
                || method.equals("DELETE"))) {
            methodNotAllowed(x, "HEAD,GET,PUT,POST,DELETE");
            return;
        }
        x.setHeader("X-Etcd-Cluster-Id", fake.clusterId());
        byte[] body = readBody(x.requestBody());
        if (body == null) {
            if (method.equals("PUT") || method.equals("POST")) {
                keyError(x, method, 210, "http: POST too large", 0);
                return;
            }
            body = new byte[0];   // Go reads no form from a GET or DELETE body
        }
        GoForm form = GoForm.parse(method, x.requestHeader("Content-Type"), body, rawQuery);
        KeyRequest r = KeyRequest.parse(method, key, form);
        if (r.error != null) {
            keyError(x, method, r.error.code(), r.error.cause(), 0);
            return;
        }
        String[] c = AdminHttp.caller(x, fake.admin().auth());
        boolean write = !method.equals("GET") && !method.equals("HEAD");
        if (c == null || !fake.admin().auth().hasKeyAccess(c.length == 0 ? null : c[0], c.length == 0 ? null : c[1].toCharArray(),
                key.isEmpty() ? "/" : key, r.recursive, write)) {
            keyError(x, method, 110, "Insufficient credentials", 0);
            return;
        }
        if (r.wait) {
            watch(x, r);
            return;
        }
        if ((write || r.quorum) && !quorum.getAsBoolean()) {   // etcd's answer once its request times out
            keyError(x, method, 300, "etcdserver: request timed out", 0);
            return;
        }
        Store.Event e;
        try {
            e = apply(r);
        } catch (Store.StoreError err) {
            keyError(x, method, err.code, err.cause, err.index);
            return;
        }
        x.setHeader("X-Etcd-Index", Long.toString(e.etcdIndex()));
        boolean raftStep = !method.equals("GET") && !method.equals("HEAD") || r.quorum;
        x.setHeader("X-Raft-Index", Long.toString(fake.nextRaftIndex(raftStep)));
        x.setHeader("X-Raft-Term", "2");
        send(x, e.isCreated() ? 201 : 200, "application/json", GoJson.event(e, r.noValueOnSuccess));
    }

    private Store.Event apply(KeyRequest r) throws Store.StoreError {
        return fake.store().apply(new Store.Request(r.method, r.key, r.value, r.dir, r.prevExist, r.prevValue, r.prevIndex,
                r.refresh, r.recursive, r.sorted, r.ttl == null ? null : expiration(r.ttl)));
    }

    /** Go's {@code now.Add(time.Duration(ttl) * time.Second)}, overflow and all: a wrapped time is "permanent". */
    private Instant expiration(long ttlSeconds) {
        long nanos = ttlSeconds * 1_000_000_000L;
        if (ttlSeconds < 0 || (ttlSeconds != 0 && nanos / ttlSeconds != 1_000_000_000L)) {
            return Instant.EPOCH;
        }
        Instant now = fake.clock().instant();
        long unixNanos;
        try {
            unixNanos = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L) + now.getNano(), nanos);
        } catch (ArithmeticException e) {
            return Instant.EPOCH;
        }
        return Instant.ofEpochSecond(0, unixNanos);
    }

    private void watch(GoExchange x, KeyRequest r) throws IOException {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        Object end = new Object();
        Watcher w;
        try {
            w = fake.store().watch(r.key, r.recursive, r.stream, r.waitIndex, new Watcher.Sink() {
                @Override
                public void event(Store.Event e) {
                    events.add(e);
                }

                @Override
                public void closed() {
                    events.add(end);
                }
            });
        } catch (Store.StoreError err) {
            keyError(x, r.method, err.code, err.cause, err.index);
            return;
        }
        x.setHeader("Content-Type", "application/json");
        x.setHeader("X-Etcd-Index", Long.toString(w.startIndex));
        x.setHeader("X-Raft-Index", Long.toString(fake.nextRaftIndex(false)));
        x.setHeader("X-Raft-Term", "2");
        x.sendHeaders(200, 0);
        OutputStream out = x.responseBody();
        out.flush();
        try {
            while (!closed) {
                Object next;
                try {
                    next = events.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (next == end) {
                    return;
                }
                if (next == null) {
                    if (w.isRemoved() && events.isEmpty() && !r.stream || x.clientGone()) {
                        return;   // as etcd on CloseNotify: an abandoned poll releases its watcher and thread
                    }
                    continue;
                }
                w.consumed();
                out.write(GoJson.event((Store.Event) next, false).getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (!r.stream) {
                    return;
                }
            }
        } finally {
            fake.store().cancel(w);
        }
    }

    private void keyError(GoExchange x, String method, int code, String cause, long index) throws IOException {
        ErrorCode c = ErrorCode.of(code);
        x.setHeader("X-Etcd-Index", Long.toString(index));
        send(x, c.httpStatus(), "application/json", GoJson.error(code, c.message(), cause, index));
    }

    // ---- HTTP helpers ------------------------------------------------------------------------------

    private static void send(GoExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (type != null) {
            x.setHeader("Content-Type", type);
        }
        if (status == 404 && "text/plain; charset=utf-8".equals(type)) {
            x.setHeader("X-Content-Type-Options", "nosniff");   // Go's http.NotFound, through http.Error
        }
        if (x.method().equals("HEAD")) {   // Go counts the discarded body: Content-Length where a GET has it
            x.sendHeaders(status, bytes.length > 0 ? bytes.length : -1);
            return;
        }
        if (bytes.length == 0) {
            x.sendHeaders(status, -1);
            return;
        }
        x.sendHeaders(status, bytes.length <= CHUNK_THRESHOLD ? bytes.length : 0);
        try (OutputStream out = x.responseBody()) {
            out.write(bytes);
        }
    }

    /** Reads the body, or returns null (having drained it) when it is larger than Go's form limit. */
    private static byte[] readBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        long total = 0;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total <= MAX_FORM_BYTES) {
                out.write(buf, 0, n);
            }
        }
        return total > MAX_FORM_BYTES ? null : out.toByteArray();
    }

    /** etcd's parseKeyRequest: the parameters, validated in etcd's order. */
}
