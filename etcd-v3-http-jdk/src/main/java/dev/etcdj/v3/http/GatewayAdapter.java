package dev.etcdj.v3.http;

import dev.etcdj.api.EtcdClosedException;
import dev.etcdj.api.EtcdConnectionException;
import dev.etcdj.http.HttpAdapter;
import dev.etcdj.http.internal.Durations;
import dev.etcdj.http.internal.EndpointPool;
import dev.etcdj.http.internal.SocketHttpClient;
import dev.etcdj.v3.Header;
import dev.etcdj.v3.Lease;
import dev.etcdj.v3.LeaseStatus;
import dev.etcdj.v3.Op;
import dev.etcdj.v3.OpResult;
import dev.etcdj.v3.http.internal.GatewayDecoder;
import dev.etcdj.v3.http.internal.GatewayAdmin;
import dev.etcdj.v3.http.internal.GatewayExchange;
import dev.etcdj.v3.http.internal.GatewayJson;
import dev.etcdj.v3.http.internal.WatchOpener;
import dev.etcdj.v3.spi.AdminCall;
import dev.etcdj.v3.spi.V3Adapter;
import dev.etcdj.v3.spi.WatchListener;
import dev.etcdj.v3.spi.WatchRequest;
import dev.etcdj.v3.spi.WatchStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The etcd v3 adapter over etcd's JSON gateway ({@code POST /v3/...} on the client port), on blocking
 * sockets with keep-alive connections, and watches over its WebSocket, JDK only. Works with etcd 3.4 and later.
 *
 * <ul>
 *   <li>Every call has one deadline covering every attempt and the whole answer: the call's timeout, else
 *       {@link Builder#requestTimeout} (10 s).</li>
 *   <li>With several endpoints, a call that could not connect goes to the next one. A read (a range, a
 *       transaction of reads only, a lease's status or list, a keep-alive) whose connection was lost after
 *       sending, or that a member answered with "unavailable" (no leader, HTTP 5xx), is tried once more on
 *       the next endpoint. A write (put, delete, a transaction that writes, compaction, lease grant or
 *       revoke) is never re-sent once it may have reached a server: it fails with
 *       {@link EtcdConnectionException#mayHaveBeenApplied()}, and the caller decides.</li>
 *   <li>The endpoint that last answered well is tried first; one that failed is set aside for a while,
 *       as in the v2 adapter.</li>
 *   <li>{@link #close()} fails every call in flight with {@link EtcdClosedException}.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class GatewayAdapter implements V3Adapter {
    private final EndpointPool pool;
    private final SocketHttpClient client;
    private final GatewayExchange exchange;
    private final Duration requestTimeout;
    private final long maxResponseBytes;
    private final Duration watchHeartbeat;
    private final String user;
    private final WatchOpener watches;

    private GatewayAdapter(Builder b) {
        this.pool = new EndpointPool(b.endpoints);
        this.client = new SocketHttpClient(b.connectTimeout, b.sslContext);
        this.requestTimeout = b.requestTimeout;
        this.maxResponseBytes = b.maxResponseBytes;
        this.watchHeartbeat = b.watchHeartbeat;
        this.user = b.user;
        this.watches = new WatchOpener(pool, client.sslContext(), client.connectTimeout().orElseThrow(), maxResponseBytes,
                watchHeartbeat);
        this.exchange = new GatewayExchange(pool, client, requestTimeout, maxResponseBytes, b.user,
                b.password == null ? null : b.password.clone(), this::toString);
    }

    /** {@return a builder; at least one endpoint is required} */
    public static Builder newBuilder() {
        return new Builder();
    }

    @Override
    public OpResult execute(Op op, Duration timeout) {
        Objects.requireNonNull(op, "op == null");
        return exchange.call(null, GatewayJson.path(op), GatewayJson.encode(op), readOnly(op), timeout, describe(op),
                (what, body, length) -> GatewayDecoder.result(op, what, body, length));
    }

    @Override
    public Header compact(long revision, boolean physical, Duration timeout) {
        return exchange.call(null, "/kv/compaction", GatewayJson.object("revision", revision, "physical", physical), false, timeout,
                "compact " + revision, GatewayDecoder::headerOnly);
    }

    @Override
    public Lease grantLease(long ttlSeconds, long id, Duration timeout) {
        return exchange.call(null, "/lease/grant", GatewayJson.object("TTL", ttlSeconds, "ID", id), false, timeout,
                "grant lease of " + ttlSeconds + " s", GatewayDecoder::grant);
    }

    @Override
    public Header revokeLease(long id, Duration timeout) {
        return exchange.call(null, "/lease/revoke", GatewayJson.object("ID", id), false, timeout, "revoke lease " + id,
                GatewayDecoder::headerOnly);
    }

    @Override
    public Lease keepAliveOnce(long id, Duration timeout) {
        return exchange.call(null, "/lease/keepalive", GatewayJson.object("ID", id), true, timeout, "keep lease " + id + " alive",
                (what, body, length) -> GatewayDecoder.keepAlive(what, id, body, length));
    }

    @Override
    public LeaseStatus timeToLive(long id, boolean keys, Duration timeout) {
        return exchange.call(null, "/lease/timetolive", GatewayJson.object("ID", id, "keys", keys), true, timeout,
                "time to live of lease " + id, GatewayDecoder::timeToLive);
    }

    @Override
    public List<Long> leases(Duration timeout) {
        return exchange.call(null, "/lease/leases", "{}", true, timeout, "list leases", GatewayDecoder::leases);
    }

    @Override
    public <R> R admin(AdminCall<R> call, Duration timeout) {
        Objects.requireNonNull(call, "call == null");
        return exchange.call(GatewayAdmin.endpoint(call), GatewayAdmin.path(call), GatewayAdmin.encode(call), call.idempotent(),
                timeout, call.toString(), (what, body, length) -> GatewayAdmin.decode(call, what, body, length));
    }

    /**
     * Opens a watch over the gateway's WebSocket ({@code /v3/watch}), failing over to the next endpoint as
     * a read does; the watches of one endpoint share its WebSocket, as etcd allows. A quiet connection asks
     * etcd for a progress note every {@link Builder#watchHeartbeat} and counts as broken when none comes
     * back within as long again. With {@link Builder#credentials} each watch streams over a POST of its own
     * instead, the one way its token reaches etcd before 3.5.32: half duplex, so {@code requestProgress()}
     * does nothing, and a stream quiet for six heartbeats is opened again from where it was.
     */
    @Override
    public WatchStream watch(WatchRequest request, WatchListener listener, Duration timeout) {
        Objects.requireNonNull(request, "request == null");
        Objects.requireNonNull(listener, "listener == null");
        if (exchange.isClosed()) {
            throw new EtcdClosedException(request + ": the client is closed (" + this + ")");
        }
        Duration deadline = exchange.deadline(timeout);
        long deadlineAt = System.nanoTime() + deadline.toNanos();
        return exchange.withToken(deadline, deadlineAt, token -> watches.open(request, listener, deadline, deadlineAt, token));
    }

    /** {@return whether {@code op} only reads, so it may be sent again when its answer was lost} */
    static boolean readOnly(Op op) {
        if (op instanceof Op.Get) {
            return true;
        }
        if (op instanceof Op.Txn t) {
            return t.success().stream().allMatch(GatewayAdapter::readOnly)
                    && t.failure().stream().allMatch(GatewayAdapter::readOnly);
        }
        return false;
    }

    private static String describe(Op op) {
        if (op instanceof Op.Get g) {
            return "range " + g.key() + (g.rangeEnd().isEmpty() ? "" : ".." + g.rangeEnd());
        }
        if (op instanceof Op.Put p) {
            return "put " + p.key();
        }
        if (op instanceof Op.Delete d) {
            return "delete " + d.key() + (d.rangeEnd().isEmpty() ? "" : ".." + d.rangeEnd());
        }
        Op.Txn t = (Op.Txn) op;
        return "txn of " + t.compares().size() + " compares, " + t.success().size() + "/" + t.failure().size() + " ops";
    }

    /** {@return the endpoints, in their configured order} */
    public List<String> endpoints() {
        return pool.urls();
    }

    /** Fails every call in flight with {@link EtcdClosedException}, refuses new ones, closes the connections. Idempotent. */
    @Override
    public void close() {
        exchange.close();
        watches.close(new EtcdClosedException("the watch's client is closed (" + this + ")"));
        client.close();
    }

    @Override
    public String toString() {
        return "GatewayAdapter[endpoints=" + pool + ", requestTimeout=" + requestTimeout
                + (user != null ? ", user=" + user : "") + "]";
    }

    /**
     * Configures a {@link GatewayAdapter}. Defaults: request timeout 10 s, connect timeout 3 s, response
     * limit 64 MiB, the JDK's default TLS context with host-name verification. Not thread-safe.
     */
    public static final class Builder {
        private final List<String> endpoints = new ArrayList<>();
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(3);
        private long maxResponseBytes = 64L << 20;
        private Duration watchHeartbeat = Duration.ofSeconds(5);
        private SSLContext sslContext;
        private String user;
        private char[] password;

        private Builder() {
        }

        /**
         * Authenticates as {@code user}: the client gets a token at its first call and sends it with each
         * call; when etcd refuses an expired token ({@code --auth-token-ttl}, 5 minutes idle by default) the
         * client authenticates again and sends the call once more. The password is kept in memory for that,
         * and never printed.
         *
         * @param user the user, not empty
         * @param password its password; the array is copied
         * @return this builder
         */
        public Builder credentials(String user, char[] password) {
            Objects.requireNonNull(user, "user == null");
            Objects.requireNonNull(password, "password == null");
            if (user.isEmpty()) {
                throw new IllegalArgumentException("an empty user name: etcd would answer \"user name is empty\"");
            }
            this.user = user;
            this.password = password.clone();
            return this;
        }

        /**
         * Adds endpoints such as {@code http://127.0.0.1:2379}; tried in order.
         *
         * @param urls client URLs
         * @return this builder
         * @throws IllegalArgumentException if one is not an absolute http(s) URL without query, fragment or user info
         */
        public Builder endpoints(String... urls) {
            for (String url : Objects.requireNonNull(urls, "urls == null")) {
                endpoints.add(EndpointPool.checkUrl(url));
            }
            return this;
        }

        /**
         * Sets the default deadline of a call.
         *
         * @param timeout the deadline, positive
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Durations.requirePositive(timeout, "requestTimeout");
            return this;
        }

        /**
         * Sets the TCP/TLS connect timeout.
         *
         * @param timeout the timeout, positive
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Durations.requirePositive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Sets the largest answer accepted (64 MiB by default); a larger one fails with
         * {@link dev.etcdj.api.EtcdProtocolException}.
         *
         * @param bytes the limit, from 1 to {@code Integer.MAX_VALUE - 8}
         * @return this builder
         */
        public Builder maxResponseBytes(long bytes) {
            if (bytes < 1 || bytes > HttpAdapter.Builder.MAX_RESPONSE_BYTES) {
                throw new IllegalArgumentException("maxResponseBytes must be from 1 to " + HttpAdapter.Builder.MAX_RESPONSE_BYTES
                        + ": " + bytes);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /**
         * Sets how long a watch stream may be quiet before it asks etcd for a progress note (5 s by
         * default); a stream with no answer within as long again counts as broken, and its watch resumes
         * on a new connection. Shorter finds a dead connection sooner, at a small message per interval.
         *
         * @param heartbeat the quiet time, positive
         * @return this builder
         */
        public Builder watchHeartbeat(Duration heartbeat) {
            this.watchHeartbeat = Durations.requirePositive(heartbeat, "watchHeartbeat");
            return this;
        }

        /**
         * Sets the TLS context for {@code https} endpoints (see {@code dev.etcdj.http.Tls} for one from PEM
         * files); host-name verification stays on.
         *
         * @param context the TLS context
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "sslContext == null");
            return this;
        }

        /**
         * {@return the adapter}
         *
         * @throws IllegalStateException if no endpoint was given
         */
        public GatewayAdapter build() {
            if (endpoints.isEmpty()) {
                throw new IllegalStateException("no endpoint: call endpoints(\"http://127.0.0.1:2379\")");
            }
            return new GatewayAdapter(this);
        }
    }
}
