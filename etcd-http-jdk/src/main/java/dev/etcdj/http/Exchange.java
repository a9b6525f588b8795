package dev.etcdj.http;

import dev.etcdj.api.ErrorCode;
import dev.etcdj.api.EtcdClosedException;
import dev.etcdj.api.EtcdConnectionException;
import dev.etcdj.api.EtcdException;
import dev.etcdj.api.EtcdInterruptedException;
import dev.etcdj.api.EtcdProtocolException;
import dev.etcdj.api.EtcdResult;
import dev.etcdj.api.EtcdServerException;
import dev.etcdj.api.EtcdTimeoutException;
import dev.etcdj.api.spi.EtcdRequest;
import dev.etcdj.api.internal.Futures;
import dev.etcdj.http.internal.Deadlines;
import dev.etcdj.http.internal.LimitedBody;
import dev.etcdj.http.internal.Responses;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request in flight: its deadline, its attempts across endpoints, and its result. Exactly one of
 * the answer, the deadline, a cancel and {@code close()} claims it; only the answer's path completes
 * the result on the thread it runs on (the client's), the others hand that to
 * {@link Deadlines#completions()}.
 */
final class Exchange implements Deadlines.Deadline {
    /** What to do after a failed attempt: the failure, and whether to try the next endpoint. */
    private record Outcome(EtcdException failure, boolean retry) {
    }

    private static final System.Logger LOG = System.getLogger("dev.etcdj.http.HttpAdapter");

    private final HttpAdapter adapter;
    final EtcdRequest request;
    final Duration deadline;
    final long deadlineAt;
    final CompletableFuture<EtcdResult> result = new CompletableFuture<>();
    final AtomicBoolean claimed = new AtomicBoolean();
    volatile CompletableFuture<?> exchange;
    volatile LimitedBody body;
    /** The endpoints in the order this call tries them, fixed when it starts. */
    private final List<String> plan;
    /**
     * The attempt under way, and the failure of the one before it. Attempts follow one another (the next
     * starts from the previous one's completion), so these need no lock; volatile for the async path,
     * where each attempt completes on whichever client thread.
     */
    private volatile int attempt;
    private volatile EtcdException previous;
    /** The thread blocked in {@link java.net.http.HttpClient#send}, interrupted by {@code close()}. */
    private Thread blocked;
    private boolean interruptedByClose;

    Exchange(HttpAdapter adapter, EtcdRequest request, Duration deadline) {
        this.adapter = adapter;
        this.request = request;
        this.deadline = deadline;
        this.deadlineAt = deadline == null ? 0 : System.nanoTime() + deadline.toNanos();
        this.plan = adapter.pool.plan();
        adapter.inFlight.add(this);
        if (deadline != null) {
            Deadlines.shared().add(this);
        }
        result.whenComplete((r, e) -> {
            adapter.inFlight.remove(this);
            Deadlines.shared().remove(this);
            if (e instanceof CancellationException) {
                claimed.set(true);
                abort(null);
            }
        });
        if (adapter.closed) {
            close(adapter.closedException(request));
        }
    }

    @Override
    public long deadlineAt() {
        return deadlineAt;
    }

    EtcdTimeoutException timeout(Throwable cause) {
        return new EtcdTimeoutException(request.operation() + " " + request.key() + " did not complete within "
                + deadline + (request.isWrite() ? "; the write may still have been applied" : ""), cause);
    }

    long remainingNanos() {
        return deadline == null ? Long.MAX_VALUE : deadlineAt - System.nanoTime();
    }

    /** On the sweeper: claim, stop the I/O, and complete elsewhere. */
    @Override
    public void expire() {
        abandon(timeout(null));
    }

    /** On {@code close()}: the same, and wake a thread blocked in {@code send}. */
    void close(EtcdClosedException e) {
        if (abandon(e)) {
            synchronized (this) {
                if (blocked != null) {
                    interruptedByClose = true;
                    blocked.interrupt();
                }
            }
        }
    }

    private boolean abandon(EtcdException e) {
        if (!claimed.compareAndSet(false, true)) {
            return false;
        }
        abort(e);
        Deadlines.completions().execute(() -> result.completeExceptionally(e));
        return true;
    }

    void abort(EtcdException e) {
        LimitedBody b = body;
        if (b != null && e != null) {
            b.fail(e);
        }
        CompletableFuture<?> x = exchange;
        if (x != null) {
            x.cancel(true);
        }
    }

    void succeed(EtcdResult r) {
        if (claimed.compareAndSet(false, true)) {
            result.complete(r);
        }
    }

    void fail(Throwable e) {
        if (claimed.compareAndSet(false, true)) {
            result.completeExceptionally(e);
        }
    }

    HttpResponse.BodyHandler<LimitedBody.Bytes> handler() {
        return LimitedBody.handler(adapter.maxResponseBytes, b -> {
            body = b;
            if (claimed.get()) {
                b.fail(timeout(null));
            }
        });
    }

    /** Sends the next attempt asynchronously; its answer settles it on the client's thread. */
    void send() {
        if (claimed.get()) {
            return;
        }
        String endpoint = plan.get(attempt % plan.size());
        HttpRequest http;
        try {
            http = adapter.encoder.encode(endpoint, request, null);
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        CompletableFuture<HttpResponse<LimitedBody.Bytes>> x = adapter.client.sendAsync(http, handler());
        exchange = x;
        if (claimed.get()) {
            x.cancel(true);   // expired, cancelled or closed before the exchange was recorded
            return;
        }
        x.whenComplete((response, error) -> {
            if (claimed.get()) {
                return;
            }
            EtcdResult r;
            try {
                r = settle(endpoint, response, error);
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            if (r != null) {
                succeed(r);
            } else {
                send();
            }
        });
    }

    /** Sends every attempt on the calling thread: no future is made, and the loop is {@link #settle}'s. */
    EtcdResult sendBlocking() {
        try {
            for (;;) {
                long remaining = remainingNanos();
                if (remaining <= 0 || claimed.get()) {
                    throw claimed.get() && adapter.closed ? adapter.closedException(request) : timeout(previous);
                }
                String endpoint = plan.get(attempt % plan.size());
                HttpRequest http = adapter.encoder.encode(endpoint, request, Duration.ofNanos(remaining));
                HttpResponse<LimitedBody.Bytes> response = null;
                IOException error = null;
                try {
                    response = sendOnThisThread(http);
                } catch (InterruptedException e) {
                    if (adapter.closed && claimed.get()) {
                        throw adapter.closedException(request);
                    }
                    Thread.currentThread().interrupt();
                    throw new EtcdInterruptedException("interrupted while waiting for etcd; the request was "
                            + "cancelled" + (request.isWrite() ? " (the write may still have been applied)" : ""), e);
                } catch (IOException e) {
                    error = e;
                }
                EtcdResult r = settle(endpoint, response, error);
                if (r != null) {
                    succeed(r);
                    return r;
                }
            }
        } finally {
            claimed.set(true);
            adapter.inFlight.remove(this);
            Deadlines.shared().remove(this);
        }
    }

    /**
     * The one attempt policy, for both paths: after an attempt on {@code endpoint} answered
     * {@code response} or failed with {@code error}, returns the result, or null when the next attempt is
     * due (then recorded in {@link #attempt}), or throws the call's failure.
     */
    private EtcdResult settle(String endpoint, HttpResponse<LimitedBody.Bytes> response, Throwable error) {
        if (claimed.get()) {   // the deadline, a cancel or close() got there first
            throw adapter.closed ? adapter.closedException(request) : timeout(error);
        }
        Outcome o;
        if (error == null) {
            try {
                return answer(endpoint, response);
            } catch (EtcdException e) {
                o = afterAnswer(endpoint, e);
            }
        } else if (remainingNanos() <= 0) {
            throw timeout(error);
        } else {
            o = outcome(endpoint, unwrap(error));
        }
        if (!o.retry() || remainingNanos() <= 0) {
            throw o.failure();
        }
        attempt++;
        previous = o.failure();
        return null;
    }

    private HttpResponse<LimitedBody.Bytes> sendOnThisThread(HttpRequest http) throws IOException, InterruptedException {
        synchronized (this) {
            blocked = Thread.currentThread();
        }
        try {
            return adapter.client.send(http, handler());
        } finally {
            synchronized (this) {
                blocked = null;
                if (interruptedByClose) {
                    Thread.interrupted();   // our own interrupt, not the caller's
                }
            }
        }
    }

    /** Decodes an answer; a good etcd answer (2xx, or an etcd error below 500) makes this endpoint preferred. */
    EtcdResult answer(String endpoint, HttpResponse<LimitedBody.Bytes> response) {
        adapter.checkCluster(request.operation() + " " + request.key() + " at " + endpoint, response);
        EtcdResult r = Responses.decode(endpoint + adapter.prefix, request, response.statusCode(),
                response.headers(), response.body());
        adapter.pool.succeeded(endpoint);
        return r;
    }

    /**
     * After an answer that decoded to a failure: a member that cannot serve (HTTP 5xx, error 300) is
     * left for the next endpoint, and a read goes there at once. Anything else is the call's result.
     */
    private Outcome afterAnswer(String endpoint, EtcdException e) {
        boolean unavailable = e instanceof EtcdProtocolException p && p.status() >= 500
                || e instanceof EtcdServerException s && (s.code() == ErrorCode.RAFT_INTERNAL || s.code() == ErrorCode.LEADER_ELECT)
                || e instanceof dev.etcdj.api.EtcdClusterMismatchException;
        if (!unavailable) {
            adapter.pool.succeeded(endpoint);
            return new Outcome(e, false);
        }
        adapter.endpointFailed(endpoint);
        if (previous != null) {
            e.addSuppressed(previous);
        }
        boolean retry = !request.isWrite() && attempt + 1 < plan.size();
        if (retry) {
            LOG.log(System.Logger.Level.DEBUG, () -> "trying the next endpoint after: " + e.getMessage());
        }
        return new Outcome(e, retry);
    }

    /**
     * TLS 1.3 ends the handshake on the client's side before the server has checked the client's
     * certificate; a refusal is an alert right after it, which a reset may discard before it is read. The
     * sockets transport knows the connection was fresh and says so for sure; {@code HttpClient} does not
     * tell, so the message names the likely cause beside the others.
     */
    private static final String TLS_REFUSAL = " (over TLS, this is also how a server that refuses the client "
            + "certificate ends a new connection: bad_certificate, or certificate_required when none was given)";

    /** Whether the connection ended before any byte of an answer: an end of stream, or a reset. */
    private static boolean unanswered(Throwable error) {
        for (Throwable c = error; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (m.contains("received no bytes") || c instanceof java.net.SocketException && m.contains("reset")) {
                return true;
            }
        }
        return false;
    }

    private Outcome outcome(String endpoint, Throwable error) {
        if (error instanceof EtcdException e) {
            return new Outcome(e, false);
        }
        String tls = dev.etcdj.http.internal.TlsFailures.explain(error, URI.create(endpoint).getHost());
        boolean notSent = error instanceof ConnectException || error instanceof HttpConnectTimeoutException || tls != null;
        if (error instanceof HttpTimeoutException && !notSent) {
            return new Outcome(timeout(error), false);
        }
        String what = request.operation() + " " + request.key() + " at " + endpoint;
        adapter.endpointFailed(endpoint);
        EtcdConnectionException failure;
        if (tls != null) {
            failure = new EtcdConnectionException(tls + " (" + what + ")", error, false);
        } else if (notSent) {
            failure = new EtcdConnectionException("could not connect for " + what + ": " + error, error, false);
        } else {
            failure = new EtcdConnectionException("connection lost during " + what + ": " + error
                    + (endpoint.startsWith("https:") && unanswered(error) ? TLS_REFUSAL : "")
                    + (request.isWrite() ? "; the write may have been applied and was not retried" : ""),
                    error, request.isWrite());
        }
        if (previous != null) {
            failure.addSuppressed(previous);
        }
        // The JDK itself re-sends a GET once on a fresh connection when a pooled one turns out closed, so
        // a read that lost its connection goes to the next endpoint (if any), never to the same one again.
        int maxAttempts = notSent ? plan.size() : Math.min(2, plan.size());
        boolean retry = (notSent || !request.isWrite()) && attempt + 1 < maxAttempts;
        if (retry) {
            LOG.log(System.Logger.Level.DEBUG, () -> "retrying after: " + failure.getMessage());
        }
        return new Outcome(failure, retry);
    }

    /** The failure itself: {@link Futures#unwrap}, and our own exception a body subscriber failed with. */
    private static Throwable unwrap(Throwable t) {
        Throwable cause = Futures.unwrap(t);
        return cause instanceof IOException && cause.getCause() instanceof EtcdException e ? e : cause;
    }
}
