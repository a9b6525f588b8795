package dev.etcdj.v3.http.internal;

import dev.etcdj.api.EtcdClosedException;
import dev.etcdj.api.EtcdConnectionException;
import dev.etcdj.api.EtcdException;
import dev.etcdj.api.EtcdProtocolException;
import dev.etcdj.api.EtcdTimeoutException;
import dev.etcdj.http.internal.EndpointPool;
import dev.etcdj.http.internal.StreamingPost;
import dev.etcdj.http.internal.TlsFailures;
import dev.etcdj.http.internal.WebSocketConnection;
import dev.etcdj.v3.spi.WatchListener;
import dev.etcdj.v3.spi.WatchRequest;
import dev.etcdj.v3.spi.WatchStream;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * Opens the gateway adapter's watches: on the first endpoint of the pool's plan that creates one (an
 * endpoint that cannot be reached, or whose connection fails or is too slow before the creation is
 * answered, is set aside and the next tried: a creation changes nothing), within the call's deadline.
 * Without a token the watches of one endpoint share one WebSocket; with one each gets a POST of its own
 * (etcd reads a token from a WebSocket only from 3.5.32). Thread-safe.
 */
public final class WatchOpener {
    private final EndpointPool pool;
    private final SSLContext tls;
    private final Duration connectTimeout;
    private final long maxMessageBytes;
    private final Duration heartbeat;
    private final Map<String, WatchConnection> shared = new ConcurrentHashMap<>();
    private final Set<WatchConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param pool the endpoints
     * @param tls the TLS context
     * @param connectTimeout the connect timeout
     * @param maxMessageBytes the largest message accepted
     * @param heartbeat the quiet time before a progress request
     */
    public WatchOpener(EndpointPool pool, SSLContext tls, Duration connectTimeout, long maxMessageBytes, Duration heartbeat) {
        this.pool = pool;
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.maxMessageBytes = maxMessageBytes;
        this.heartbeat = heartbeat;
    }

    /**
     * {@return a created watch}
     *
     * @param request what to watch
     * @param listener where its events go
     * @param deadline the deadline of the creation, for messages
     * @param deadlineAt when it ends, in {@link System#nanoTime()}
     * @param token the auth token, or null
     */
    public WatchStream open(WatchRequest request, WatchListener listener, Duration deadline, long deadlineAt, String token) {
        List<String> plan = pool.plan();
        EtcdException previous = null;
        for (int attempt = 0; ; attempt++) {
            if (closed) {
                throw new EtcdClosedException(request + ": the client is closed");
            }
            String endpoint = plan.get(attempt % plan.size());
            String what = request + " at " + endpoint;
            long left = deadlineAt - System.nanoTime();
            if (left <= 0) {
                throw new EtcdTimeoutException(request + " was not created within " + deadline, previous);
            }
            int connectMillis = (int) Math.max(1, Math.min(connectTimeout.toMillis(), TimeUnit.NANOSECONDS.toMillis(left)));
            try {
                WatchStream s = token == null ? onShared(endpoint, connectMillis, request, listener, deadlineAt)
                        : onPost(endpoint, connectMillis, request, listener, deadlineAt, token);
                pool.succeeded(endpoint);
                if (closed) {
                    s.close();
                    throw new EtcdClosedException(request + ": the client is closed");
                }
                return s;
            } catch (StreamingPost.StatusException e) {
                byte[] body = e.body().getBytes(StandardCharsets.UTF_8);
                throw GatewayDecoder.failure(what, e.status(), body, body.length);
            } catch (WebSocketConnection.UpgradeRefusedException e) {
                throw new EtcdProtocolException(what + ": " + e.getMessage() + " (is this etcd 3.4 or later?)", 0, e);
            } catch (IOException e) {
                pool.failed(endpoint);
                String tlsProblem = TlsFailures.explain(e, java.net.URI.create(endpoint).getHost());
                EtcdConnectionException f = new EtcdConnectionException(tlsProblem != null ? tlsProblem + " (" + what + ")"
                        : "could not open " + what + ": " + e, e, false);
                if (previous != null) {
                    f.addSuppressed(previous);
                }
                if (attempt + 1 >= plan.size()) {
                    throw e instanceof HttpTimeoutException || deadlineAt - System.nanoTime() <= 0
                            ? new EtcdTimeoutException(request + " was not created within " + deadline, f) : f;
                }
                previous = f;
            }
        }
    }

    private WatchStream onShared(String endpoint, int connectMillis, WatchRequest request, WatchListener listener,
                                 long deadlineAt) throws IOException {
        for (int tries = 0; ; tries++) {
            WatchConnection c = connection(endpoint, connectMillis, deadlineAt);
            try {
                return c.create(request, listener, deadlineAt);
            } catch (IOException e) {
                if (c.isOpen() || tries > 0) {
                    throw e;
                }
                // it closed with its last watch just now: a new one
            }
        }
    }

    private synchronized WatchConnection connection(String endpoint, int connectMillis, long deadlineAt) throws IOException {
        WatchConnection c = shared.get(endpoint);
        if (c != null && c.isOpen()) {
            return c;
        }
        WebSocketConnection ws = WebSocketConnection.open(endpoint, "/v3/watch", connectMillis, tls, deadlineAt, maxMessageBytes);
        WatchConnection fresh = new WatchConnection(ws, endpoint, heartbeat, this::ended);
        shared.put(endpoint, fresh);
        open.add(fresh);
        fresh.start();
        return fresh;
    }

    private WatchStream onPost(String endpoint, int connectMillis, WatchRequest request, WatchListener listener,
                               long deadlineAt, String token) throws IOException {
        StreamingPost post = StreamingPost.open(endpoint, "/v3/watch", GatewayJson.watchCreate(request, 0),
                List.<String[]>of(new String[] {"Authorization", token}), connectMillis, tls, deadlineAt, maxMessageBytes);
        WatchConnection c = new WatchConnection(post, endpoint, heartbeat, this::ended);
        open.add(c);
        c.expectCreation();
        try {
            return c.create(request, listener, deadlineAt);
        } catch (IOException | RuntimeException e) {
            c.end(null);
            throw e;
        }
    }

    private void ended(WatchConnection c) {
        shared.values().remove(c);
        open.remove(c);
    }

    /** Ends every watch with {@code why}; later opens fail with {@link EtcdClosedException}. */
    public void close(EtcdException why) {
        closed = true;
        for (WatchConnection c : List.copyOf(open)) {
            c.end(why);
        }
    }
}
