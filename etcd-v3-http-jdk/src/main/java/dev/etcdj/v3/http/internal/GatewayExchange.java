package dev.etcdj.v3.http.internal;

import dev.etcdj.api.EtcdClosedException;
import dev.etcdj.api.EtcdConnectionException;
import dev.etcdj.api.EtcdException;
import dev.etcdj.api.EtcdInterruptedException;
import dev.etcdj.api.EtcdProtocolException;
import dev.etcdj.api.EtcdTimeoutException;
import dev.etcdj.http.internal.EndpointPool;
import dev.etcdj.http.internal.LimitedBody;
import dev.etcdj.http.internal.SocketHttpClient;
import dev.etcdj.http.internal.TlsFailures;
import dev.etcdj.v3.EtcdV3ServerException;
import dev.etcdj.v3.GrpcCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The gateway adapter's one attempt loop: a call's deadline over every attempt, failover of what may be
 * sent again, the endpoint pool's record, and with credentials the auth token (got at the first call,
 * sent as {@code Authorization}; a call etcd refuses for an expired or outdated token gets a new token and
 * is sent once more, within the same deadline: a refused call was not applied). Thread-safe.
 */
public final class GatewayExchange {
    /** The decoding of a 2xx answer. */
    public interface Decoder<T> {
        /**
         * {@return the answer}
         *
         * @param what the call and endpoint
         * @param body the body
         * @param length its length
         */
        T decode(String what, byte[] body, int length);
    }

    private final EndpointPool pool;
    private final SocketHttpClient client;
    private final Duration requestTimeout;
    private final long maxResponseBytes;
    private final String user;
    private final char[] password;
    private final Supplier<String> owner;
    private final Set<Thread> blocked = ConcurrentHashMap.newKeySet();
    private volatile String token;
    private volatile boolean closed;

    /**
     * @param pool the endpoints
     * @param client the transport
     * @param requestTimeout the default deadline
     * @param maxResponseBytes the largest answer
     * @param user the user to authenticate as, or null
     * @param password its password (kept, never printed), or null
     * @param owner the adapter's description, for messages
     */
    public GatewayExchange(EndpointPool pool, SocketHttpClient client, Duration requestTimeout, long maxResponseBytes,
                           String user, char[] password, Supplier<String> owner) {
        this.pool = pool;
        this.client = client;
        this.requestTimeout = requestTimeout;
        this.maxResponseBytes = maxResponseBytes;
        this.user = user;
        this.password = password;
        this.owner = owner;
    }

    /** {@return the deadline of a call given {@code timeout}, or the default} */
    public Duration deadline(Duration timeout) {
        return timeout != null ? timeout : requestTimeout;
    }

    /**
     * Runs one call.
     *
     * @param only the one endpoint to send to, or null for the pool's plan
     * @param path the path under {@code /v3}
     * @param json the body
     * @param idempotent whether it may be sent again after a lost answer
     * @param timeout the deadline, or null for the default
     * @param call the call, for messages
     * @param ok the decoding of a 2xx answer
     * @param <T> the answer's type
     * @return the answer
     */
    public <T> T call(String only, String path, String json, boolean idempotent, Duration timeout, String call, Decoder<T> ok) {
        if (closed) {
            throw new EtcdClosedException(call + ": the client is closed (" + owner.get() + ")");
        }
        Duration deadline = deadline(timeout);
        long deadlineAt = System.nanoTime() + deadline.toNanos();
        return withToken(deadline, deadlineAt, token -> send(only, path, json, idempotent, deadline, deadlineAt, call, ok, token));
    }

    /**
     * {@return what {@code send} answers with the token (null without credentials)}; when etcd refuses it
     * for its token, a new one is got and {@code send} runs once more: the one home of that rule
     *
     * @param deadline the call's deadline, for messages
     * @param deadlineAt when it ends
     * @param send the call, given the token
     * @param <T> the answer's type
     */
    public <T> T withToken(Duration deadline, long deadlineAt, Function<String, T> send) {
        String used = token(null, deadline, deadlineAt);
        try {
            return send.apply(used);
        } catch (EtcdV3ServerException e) {
            if (used == null || !e.tokenRefused()) {
                throw e;
            }
            return send.apply(token(used, deadline, deadlineAt));
        }
    }

    /**
     * {@return the token to send, authenticating when there is none or {@code refused} was refused; null
     * without credentials}
     *
     * @param refused the token etcd refused, or null
     * @param deadline the call's deadline, for messages
     * @param deadlineAt when it ends
     */
    public synchronized String token(String refused, Duration deadline, long deadlineAt) {
        if (user == null) {
            return null;
        }
        if (token != null && !token.equals(refused)) {
            return token;
        }
        token = send(null, "/auth/authenticate", GatewayJson.object("name", user, "password", new String(password)),
                true, deadline, deadlineAt, "authenticate as " + user, GatewayDecoder::token, null);
        return token;
    }

    private void succeeded(String only, String endpoint) {
        if (only == null) {
            pool.succeeded(endpoint);
        }
    }

    private void failed(String only, String endpoint) {
        if (only == null) {
            pool.failed(endpoint);
        }
    }

    /** A path this etcd's gateway does not have (a call added in a later version) is etcd's UNIMPLEMENTED. */
    private static RuntimeException notServed(RuntimeException failure, int status, String path) {
        if (status == 404 && failure instanceof EtcdProtocolException p) {
            return new EtcdV3ServerException(p.getMessage(), GrpcCode.UNIMPLEMENTED,
                    "this etcd's gateway does not serve /v3" + path + " (it came in a later version of etcd)", 404);
        }
        return failure;
    }

    /** Fails the calls in flight with {@link EtcdClosedException} and refuses new ones. */
    public void close() {
        closed = true;
        for (Thread t : blocked) {
            t.interrupt();
        }
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return closed;
    }

    private <T> T send(String only, String path, String json, boolean idempotent, Duration deadline, long deadlineAt,
                       String call, Decoder<T> ok, String token) {
        List<String> plan = only != null ? List.of(only) : pool.plan();
        EtcdException previous = null;
        Thread me = Thread.currentThread();
        blocked.add(me);
        try {
            for (int attempt = 0; ; attempt++) {
                long remaining = deadlineAt - System.nanoTime();
                if (remaining <= 0) {
                    throw timeout(call, deadline, idempotent, previous);
                }
                String endpoint = plan.get(attempt % plan.size());
                String what = call + " at " + endpoint;
                HttpResponse<LimitedBody.Bytes> response;
                try {
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + "/v3" + path))
                            .timeout(Duration.ofNanos(remaining))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json));
                    if (token != null) {
                        request.header("Authorization", token);
                    }
                    response = client.send(request.build(), LimitedBody.handler(maxResponseBytes));
                } catch (InterruptedException e) {
                    if (closed) {
                        throw closedDuring(what, idempotent);
                    }
                    Thread.currentThread().interrupt();
                    throw new EtcdInterruptedException("interrupted while waiting for etcd (" + what + ")"
                            + (idempotent ? "" : "; the write may still have been applied"), e);
                } catch (IOException e) {
                    if (closed) {
                        throw closedDuring(what, idempotent);
                    }
                    if (e.getCause() instanceof EtcdException own) {
                        throw own;   // the body was over the limit
                    }
                    if (e instanceof HttpTimeoutException && !(e instanceof HttpConnectTimeoutException)
                            || deadlineAt - System.nanoTime() <= 0) {
                        throw timeout(call, deadline, idempotent, e);
                    }
                    String tls = TlsFailures.explain(e, URI.create(endpoint).getHost());
                    boolean notSent = e instanceof ConnectException || e instanceof HttpConnectTimeoutException || tls != null;
                    failed(only, endpoint);
                    EtcdConnectionException f = new EtcdConnectionException(tls != null ? tls + " (" + what + ")"
                            : (notSent ? "could not connect for " : "connection lost during ") + what + ": " + e
                            + (!notSent && !idempotent ? "; the write may have been applied and was not re-sent" : ""),
                            e, !notSent && !idempotent);
                    if (previous != null) {
                        f.addSuppressed(previous);
                    }
                    int attempts = notSent ? plan.size() : Math.min(2, plan.size());
                    if ((notSent || idempotent) && attempt + 1 < attempts) {
                        previous = f;
                        continue;
                    }
                    throw f;
                }
                int status = response.statusCode();
                LimitedBody.Bytes body = response.body();
                if (status >= 200 && status < 300) {
                    T result = ok.decode(what, body.array(), body.length());
                    succeeded(only, endpoint);
                    return result;
                }
                RuntimeException failure = GatewayDecoder.failure(what, status, body.array(), body.length());
                boolean unavailable = status >= 500
                        || failure instanceof EtcdV3ServerException s && s.code() == GrpcCode.UNAVAILABLE;
                if (!unavailable) {
                    succeeded(only, endpoint);
                    throw notServed(failure, status, path);
                }
                failed(only, endpoint);
                if (previous != null) {
                    failure.addSuppressed(previous);
                }
                if (idempotent && attempt + 1 < plan.size() && failure instanceof EtcdException e) {
                    previous = e;
                    continue;
                }
                throw failure;
            }
        } finally {
            blocked.remove(me);
        }
    }

    private EtcdTimeoutException timeout(String call, Duration deadline, boolean idempotent, Throwable cause) {
        return new EtcdTimeoutException(call + " did not complete within " + deadline
                + (idempotent ? "" : "; the write may still have been applied"), cause);
    }

    private EtcdClosedException closedDuring(String what, boolean idempotent) {
        return new EtcdClosedException(what + ": the client is closed (" + owner.get() + ")"
                + (idempotent ? "" : "; a write in flight may have been applied"));
    }

}
