package dev.etcdj.v3.http.internal;

import dev.etcdj.api.EtcdConnectionException;
import dev.etcdj.api.EtcdException;
import dev.etcdj.api.EtcdProtocolException;
import dev.etcdj.api.EtcdTimeoutException;
import dev.etcdj.http.internal.EndpointPool;
import dev.etcdj.http.internal.TlsFailures;
import dev.etcdj.http.internal.StreamingPost;
import dev.etcdj.http.internal.TextStream;
import dev.etcdj.http.internal.WebSocketConnection;
import dev.etcdj.v3.EtcdV3ServerException;
import dev.etcdj.v3.GrpcCode;
import dev.etcdj.v3.WatchEvent;
import dev.etcdj.v3.spi.WatchListener;
import dev.etcdj.v3.spi.WatchRequest;
import dev.etcdj.v3.spi.WatchStream;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * One watch over the gateway ({@code /v3/watch}): the create request, then one reader thread that turns
 * etcd's answers into {@link WatchListener} calls, joining fragments. Over a WebSocket, when the stream is
 * quiet for {@code heartbeat} it asks etcd for a progress note; with no answer after one more
 * {@code heartbeat} the connection counts as dead and the stream ends with {@link EtcdConnectionException},
 * as on a cut. Over a POST (the one way a token reaches etcd before 3.5.32: the WebSocket proxy drops the
 * {@code Authorization} header), which cannot ask for anything once it streams, a stream quiet for
 * {@link #POST_QUIET_HEARTBEATS} heartbeats ends with {@link EtcdTimeoutException}, and the watch reopens
 * it from where it was. The thread, named {@code etcdj-watch}, ends when the stream does. Thread-safe.
 */
public final class WatchSocket implements WatchStream {
    /** How many heartbeats a POST watch may be quiet before it is reopened. */
    public static final int POST_QUIET_HEARTBEATS = 6;

    private final TextStream ws;
    private final String what;
    private final WatchListener listener;
    private final long heartbeatNanos;
    private final long createdRevision;
    private final Consumer<WatchSocket> onEnd;
    /** Progress notes asked for by the user and not yet answered. */
    private final AtomicInteger progressAsked = new AtomicInteger();
    private final Thread reader;
    private volatile boolean closed;

    private WatchSocket(TextStream ws, String what, WatchListener listener, long heartbeatNanos,
                        long createdRevision, Consumer<WatchSocket> onEnd) {
        this.ws = ws;
        this.what = what;
        this.listener = listener;
        this.heartbeatNanos = heartbeatNanos;
        this.createdRevision = createdRevision;
        this.onEnd = onEnd;
        this.reader = new Thread(this::read, "etcdj-watch");
        reader.setDaemon(true);
    }

    /**
     * Creates the watch on an open WebSocket and starts reading.
     *
     * @param ws the WebSocket, or the POST that sent the create request already; closed here on failure
     * @param request what to watch
     * @param what the call and endpoint, for messages
     * @param listener where the events go
     * @param deadlineAt when the creation must be answered, in {@link System#nanoTime()}
     * @param heartbeat how long the stream may be quiet before a progress note is asked for
     * @param onEnd called once when the stream ends
     * @return the running stream
     * @throws IOException if the connection failed or timed out before the creation was answered
     * @throws EtcdV3ServerException if etcd refused the watch
     */
    public static WatchSocket create(TextStream ws, WatchRequest request, String what, WatchListener listener,
                                     long deadlineAt, java.time.Duration heartbeat, Consumer<WatchSocket> onEnd)
            throws IOException {
        try {
            if (ws.fullDuplex()) {
                ws.sendText(GatewayJson.watchCreate(request));
            }
            GatewayDecoder.WatchReply created;
            do {
                created = reply(what, ws.receiveText(deadlineAt));
            } while (!created.created());
            if (created.canceled()) {
                throw refusal(what, created.cancelReason());
            }
            WatchSocket s = new WatchSocket(ws, what, listener, heartbeat.toNanos(), created.header().revision(), onEnd);
            s.reader.start();
            return s;
        } catch (IOException | RuntimeException e) {
            ws.close();
            throw e;
        }
    }

    /**
     * Opens a watch on the first endpoint of {@code pool}'s plan that creates it: one that cannot be
     * reached, or whose connection fails or is too slow before the creation is answered, is set aside and
     * the next one tried (a creation changes nothing, so it may be sent again), until {@code deadline}.
     *
     * @param pool the endpoints
     * @param tls the TLS context
     * @param connectTimeout the connect timeout
     * @param maxMessageBytes the largest message accepted
     * @param heartbeat the quiet time before a progress request
     * @param request what to watch
     * @param listener where its events go
     * @param deadline the deadline of the creation
     * @param deadlineAt when it ends, in {@link System#nanoTime()}
     * @param token the auth token, sent on a POST (etcd reads none from a WebSocket before 3.5.32), or null
     *     for a WebSocket
     * @param onEnd called once when the stream ends
     * @return the running stream
     */
    public static WatchSocket open(EndpointPool pool, SSLContext tls, java.time.Duration connectTimeout, long maxMessageBytes,
                                   java.time.Duration heartbeat, WatchRequest request, WatchListener listener,
                                   java.time.Duration deadline, long deadlineAt, String token, Consumer<WatchSocket> onEnd) {
        List<String> plan = pool.plan();
        EtcdException previous = null;
        for (int attempt = 0; ; attempt++) {
            String endpoint = plan.get(attempt % plan.size());
            String what = request + " at " + endpoint;
            long left = deadlineAt - System.nanoTime();
            if (left <= 0) {
                throw new EtcdTimeoutException(request + " was not created within " + deadline, previous);
            }
            int connectMillis = (int) Math.max(1, Math.min(connectTimeout.toMillis(), TimeUnit.NANOSECONDS.toMillis(left)));
            try {
                TextStream ws = token == null
                        ? WebSocketConnection.open(endpoint, "/v3/watch", connectMillis, tls, deadlineAt, maxMessageBytes)
                        : StreamingPost.open(endpoint, "/v3/watch", GatewayJson.watchCreate(request),
                                List.<String[]>of(new String[] {"Authorization", token}), connectMillis, tls, deadlineAt, maxMessageBytes);
                WatchSocket s = create(ws, request, what, listener, deadlineAt, heartbeat, onEnd);
                pool.succeeded(endpoint);
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

    private static GatewayDecoder.WatchReply reply(String what, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return GatewayDecoder.watchReply(what, bytes, bytes.length);
    }

    private static EtcdV3ServerException refusal(String what, String reason) {
        GrpcCode code = reason.contains("permission denied") ? GrpcCode.PERMISSION_DENIED
                : reason.contains("auth") ? GrpcCode.UNAUTHENTICATED : GrpcCode.UNAVAILABLE;
        return EtcdV3ServerException.of(what, code, reason.isEmpty() ? "etcd canceled the watch" : reason, 200);
    }

    @Override
    public long createdRevision() {
        return createdRevision;
    }

    @Override
    public void requestProgress() {
        if (closed || !ws.fullDuplex()) {
            return;   // a POST watch cannot ask: the note never comes
        }
        progressAsked.incrementAndGet();
        try {
            ws.sendText(GatewayJson.WATCH_PROGRESS);
        } catch (IOException e) {
            progressAsked.decrementAndGet();
            ws.close();   // the reader sees the broken connection and ends the stream
        }
    }

    private void read() {
        List<WatchEvent> fragments = new ArrayList<>();
        boolean asked = false;
        long compactRevision = 0;
        EtcdException failure = null;
        try {
            while (!closed) {
                String text;
                try {
                    text = ws.receiveText(System.nanoTime() + heartbeatNanos * (ws.fullDuplex() ? 1 : POST_QUIET_HEARTBEATS));
                } catch (HttpTimeoutException quiet) {
                    if (!ws.fullDuplex()) {
                        throw new EtcdTimeoutException(what + ": quiet for " + POST_QUIET_HEARTBEATS + " heartbeats; a POST"
                                + " watch cannot ask for progress, so it is opened again from where it was", quiet);
                    }
                    if (asked) {
                        throw new EtcdConnectionException(what + ": no answer to a progress request within "
                                + TimeUnit.NANOSECONDS.toMillis(heartbeatNanos) + " ms; the connection counts as dead",
                                quiet, false);
                    }
                    ws.sendText(GatewayJson.WATCH_PROGRESS);
                    asked = true;
                    continue;
                }
                asked = false;
                GatewayDecoder.WatchReply r = reply(what, text);
                if (r.canceled()) {
                    if (r.compactRevision() > 0) {
                        compactRevision = r.compactRevision();
                        return;
                    }
                    throw refusal(what, r.cancelReason());
                }
                if (r.created()) {
                    continue;
                }
                fragments.addAll(r.events());
                if (r.fragment()) {
                    continue;
                }
                if (!fragments.isEmpty()) {
                    List<WatchEvent> events = List.copyOf(fragments);
                    fragments.clear();
                    if (!closed) {
                        listener.onEvents(r.header(), events);
                    }
                } else if (r.watchId() != -1 || progressAsked.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    if (!closed) {
                        listener.onProgress(r.header());   // etcd's own note, or one the user asked for
                    }
                }
            }
        } catch (EtcdException e) {
            failure = e;
        } catch (IOException e) {
            failure = new EtcdConnectionException(what + ": the watch stream broke: " + e, e, false);
        } catch (RuntimeException e) {
            failure = new EtcdProtocolException(what + ": the watch stream failed: " + e, 0, e);
        } finally {
            ws.close();
            if (!closed) {
                closed = true;
                onEnd.accept(this);
                listener.onEnd(compactRevision, compactRevision > 0 ? null : failure);
            }
        }
    }

    /** Ends the stream with {@code why} told to its listener, as when the adapter is closed. */
    public void end(EtcdException why) {
        boolean wasOpen = !closed;
        close();
        if (wasOpen) {
            listener.onEnd(0, why);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ws.close();
        if (Thread.currentThread() != reader) {
            try {
                reader.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        onEnd.accept(this);
    }

    @Override
    public String toString() {
        return "WatchSocket[" + what + (closed ? ", ended" : "") + "]";
    }
}
