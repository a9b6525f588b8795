package dev.etcdj.v3.http.internal;

import dev.etcdj.api.EtcdConnectionException;
import dev.etcdj.api.EtcdException;
import dev.etcdj.api.EtcdProtocolException;
import dev.etcdj.api.EtcdTimeoutException;
import dev.etcdj.http.internal.TextStream;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One connection to the gateway's {@code /v3/watch} and the watches on it, with one reader thread
 * ({@code etcdj-watch}) that turns etcd's answers into {@link WatchListener} calls, fragments joined.
 *
 * <p>A WebSocket carries many watches, as etcd serves them: each is created with an id of ours, one
 * creation at a time (etcd answers a refused creation with id -1, so only one may be in flight), and
 * answers go to the watch they name; closing a watch cancels it on the connection, and the connection is
 * closed with its last watch. When the connection is quiet for {@code heartbeat} it asks etcd for a
 * progress note; with no answer after one more {@code heartbeat} it counts as dead, and every watch on it
 * ends with {@link EtcdConnectionException}, as on a cut. A POST carries the one watch its body created,
 * cannot ask anything once it streams, and ends with {@link EtcdTimeoutException} when quiet for
 * {@link #POST_QUIET_HEARTBEATS} heartbeats, so that the watch is opened again from where it was.
 * Thread-safe.
 */
public final class WatchConnection {
    /** How many heartbeats a POST watch may be quiet before it is reopened. */
    public static final int POST_QUIET_HEARTBEATS = 6;

    private final TextStream stream;
    private final String what;
    private final long heartbeatNanos;
    private final Consumer<WatchConnection> onEnd;
    private final Map<Long, Member> members = new ConcurrentHashMap<>();
    private final Object creating = new Object();
    private final Thread reader;
    private volatile CompletableFuture<GatewayDecoder.WatchReply> pending;
    private long nextId = 1;   // guarded by creating
    private volatile boolean closed;

    /**
     * Starts reading {@code stream}.
     *
     * @param stream a WebSocket, or a POST whose body was a creation
     * @param what the endpoint, for messages
     * @param heartbeat the quiet time before a progress request
     * @param onEnd called once when the connection ends
     */
    public WatchConnection(TextStream stream, String what, java.time.Duration heartbeat, Consumer<WatchConnection> onEnd) {
        this.stream = stream;
        this.what = what;
        this.heartbeatNanos = heartbeat.toNanos();
        this.onEnd = onEnd;
        this.reader = new Thread(this::read, "etcdj-watch");
        reader.setDaemon(true);
    }

    /** Starts the reader (a POST's starts with its creation, once its watch is there to take what comes). */
    public synchronized void start() {
        if (!started) {
            started = true;
            reader.start();
        }
    }

    private boolean started;   // guarded by this

    /** {@return whether more watches can be created on this connection} */
    public boolean isOpen() {
        return !closed && stream.fullDuplex();
    }

    /** For a POST: the creation its body sent is the one in flight, before the reader starts. */
    public void expectCreation() {
        pending = new CompletableFuture<>();
    }

    /**
     * Creates a watch on this connection (for a POST: waits for the creation its body sent).
     *
     * @param request what to watch
     * @param listener where its events go
     * @param deadlineAt when the creation must be answered
     * @return the watch
     * @throws IOException if the connection broke or is closed before the answer
     * @throws EtcdV3ServerException if etcd refused the watch
     * @throws EtcdTimeoutException if etcd did not answer in time
     */
    public WatchStream create(WatchRequest request, WatchListener listener, long deadlineAt) throws IOException {
        synchronized (creating) {
            if (closed) {
                throw new IOException("the watch connection to " + what + " is closed");
            }
            long id = stream.fullDuplex() ? nextId++ : 0;
            Member m = new Member(id, listener, request + " at " + what);
            CompletableFuture<GatewayDecoder.WatchReply> answer = stream.fullDuplex() ? new CompletableFuture<>() : pending;
            pending = answer;
            members.put(id, m);
            start();
            boolean made = false;
            try {
                if (stream.fullDuplex()) {
                    stream.sendText(GatewayJson.watchCreate(request, id));
                }
                GatewayDecoder.WatchReply created = answer.get(Math.max(0, deadlineAt - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (created.canceled()) {
                    throw refusal(m.what, created.cancelReason());
                }
                m.createdRevision = created.header().revision();
                made = true;
                return m;
            } catch (TimeoutException e) {
                throw new EtcdTimeoutException(m.what + ": etcd did not answer the creation in time", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while creating " + m.what, e);
            } catch (ExecutionException e) {
                throw new IOException("the watch connection to " + what + " broke: " + e.getCause(), e.getCause());
            } finally {
                pending = null;
                if (!made) {
                    members.remove(id);   // not created: nothing more goes to it
                }
            }
        }
    }

    private static EtcdV3ServerException refusal(String what, String reason) {
        GrpcCode code = reason.contains("permission denied") ? GrpcCode.PERMISSION_DENIED
                : reason.contains("auth") || reason.contains("user name") ? GrpcCode.UNAUTHENTICATED : GrpcCode.UNAVAILABLE;
        return EtcdV3ServerException.of(what, code, reason.isEmpty() ? "etcd canceled the watch" : reason, 200);
    }

    private Member route(long id) {
        if (!stream.fullDuplex()) {
            return members.values().stream().findFirst().orElse(null);
        }
        return members.get(id);
    }

    private void read() {
        boolean asked = false;
        EtcdException failure = null;
        try {
            while (!closed) {
                String text;
                try {
                    text = stream.receiveText(System.nanoTime() + heartbeatNanos * (stream.fullDuplex() ? 1 : POST_QUIET_HEARTBEATS));
                } catch (HttpTimeoutException quiet) {
                    if (!stream.fullDuplex()) {
                        throw new EtcdTimeoutException(what + ": quiet for " + POST_QUIET_HEARTBEATS + " heartbeats; a POST"
                                + " watch cannot ask for progress, so it is opened again from where it was", quiet);
                    }
                    if (asked) {
                        throw new EtcdConnectionException(what + ": no answer to a progress request within "
                                + TimeUnit.NANOSECONDS.toMillis(heartbeatNanos) + " ms; the connection counts as dead", quiet, false);
                    }
                    stream.sendText(GatewayJson.WATCH_PROGRESS);
                    asked = true;
                    continue;
                }
                asked = false;
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                dispatch(GatewayDecoder.watchReply(what, bytes, bytes.length));
            }
        } catch (EtcdException e) {
            failure = e;
        } catch (IOException e) {
            failure = new EtcdConnectionException(what + ": the watch stream broke: " + e, e, false);
        } catch (RuntimeException e) {
            failure = new EtcdProtocolException(what + ": the watch stream failed: " + e, 0, e);
        } finally {
            end(failure);
        }
    }

    private void dispatch(GatewayDecoder.WatchReply r) {
        if (r.created()) {
            CompletableFuture<GatewayDecoder.WatchReply> p = pending;
            if (p != null) {
                p.complete(r);
            }
            return;
        }
        if (r.canceled()) {
            Member m = route(r.watchId());
            if (m != null && members.remove(m.id, m)) {
                m.end(r.compactRevision(), r.compactRevision() > 0 ? null : refusal(m.what, r.cancelReason()));
            }
            return;
        }
        if (!r.events().isEmpty() || r.fragment()) {
            Member m = route(r.watchId());
            if (m != null) {
                m.fragments.addAll(r.events());
                if (!r.fragment()) {
                    List<WatchEvent> events = List.copyOf(m.fragments);
                    m.fragments.clear();
                    if (!events.isEmpty() && !m.closed) {
                        m.listener.onEvents(r.header(), events);
                    }
                }
            }
            return;
        }
        if (r.watchId() == -1 && stream.fullDuplex()) {   // a progress note asked for: to each watch that asked
            for (Member m : members.values()) {
                if (m.progressAsked.getAndUpdate(n -> Math.max(0, n - 1)) > 0 && !m.closed) {
                    m.listener.onProgress(r.header());
                }
            }
            return;
        }
        Member m = route(r.watchId());   // etcd's own note on an idle watch (progress_notify)
        if (m != null && !m.closed) {
            m.listener.onProgress(r.header());
        }
    }

    /** Ends the connection and every watch on it with {@code why} (null: quietly). Idempotent. */
    public void end(EtcdException why) {
        boolean was;
        synchronized (this) {
            was = !closed;
            closed = true;
        }
        stream.close();
        CompletableFuture<GatewayDecoder.WatchReply> p = pending;
        if (p != null) {
            p.completeExceptionally(why != null ? why : new IOException("closed"));
        }
        if (!was) {
            return;
        }
        if (Thread.currentThread() != reader && reader.isAlive()) {
            try {
                reader.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        onEnd.accept(this);
        List<Member> left = new ArrayList<>(members.values());
        members.clear();
        for (Member m : left) {
            m.end(0, why != null ? why : new EtcdConnectionException(what + ": the watch connection closed", null, false));
        }
    }

    @Override
    public String toString() {
        return "WatchConnection[" + what + ", " + members.size() + " watches" + (closed ? ", ended" : "") + "]";
    }

    /** One watch on the connection. */
    private final class Member implements WatchStream {
        final long id;
        final WatchListener listener;
        final String what;
        final List<WatchEvent> fragments = new ArrayList<>();
        final AtomicInteger progressAsked = new AtomicInteger();
        volatile long createdRevision;
        volatile boolean closed;

        Member(long id, WatchListener listener, String what) {
            this.id = id;
            this.listener = listener;
            this.what = what;
        }

        void end(long compactRevision, EtcdException failure) {
            if (!closed) {
                closed = true;
                listener.onEnd(compactRevision, compactRevision > 0 ? null : failure);
            }
        }

        @Override
        public long createdRevision() {
            return createdRevision;
        }

        @Override
        public void requestProgress() {
            if (closed || !stream.fullDuplex()) {
                return;   // a POST watch cannot ask: the note never comes
            }
            progressAsked.incrementAndGet();
            try {
                stream.sendText(GatewayJson.WATCH_PROGRESS);
            } catch (IOException e) {
                stream.close();   // the reader sees the broken connection and ends its watches
            }
        }

        @Override
        public void close() {
            closed = true;
            if (!members.remove(id, this)) {
                return;
            }
            boolean last = members.isEmpty();
            if (stream.fullDuplex() && !last) {
                try {
                    stream.sendText("{\"cancel_request\":{\"watch_id\":\"" + id + "\"}}");
                } catch (IOException e) {
                    stream.close();
                }
                return;
            }
            WatchConnection.this.end(null);   // its last watch: the connection goes with it
        }

        @Override
        public String toString() {
            return "watch " + id + " (" + what + ")";
        }
    }
}
