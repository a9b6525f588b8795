package dev.etcdj.http;

import dev.etcdj.api.EtcdClosedException;
import dev.etcdj.api.EtcdConnectionException;
import dev.etcdj.api.EtcdException;
import dev.etcdj.api.EtcdInterruptedException;
import dev.etcdj.api.EtcdProtocolException;
import dev.etcdj.api.EtcdResult;
import dev.etcdj.api.EtcdServerException;
import dev.etcdj.api.EtcdTimeoutException;
import dev.etcdj.api.spi.EtcdRequest;
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
import java.util.concurrent.CompletionException;
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
    /** The thread blocked in {@link java.net.http.HttpClient#send}, interrupted by {@code close()}. */
    private Thread blocked;
    private boolean interruptedByClose;

    Exchange(HttpAdapter adapter, EtcdRequest request, Duration deadline) {
        this.adapter = adapter;
        this.request = request;
        this.deadline = deadline;
        this.deadlineAt = deadline == null ? 0 : System.nanoTime() + deadline.toNanos();
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

    void send(List<String> plan, int attempt, EtcdException previous) {
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
            Outcome o;
            if (error == null) {
                try {
                    succeed(answer(endpoint, response));
                    return;
                } catch (EtcdException e) {
                    o = afterAnswer(endpoint, attempt, plan.size(), e, previous);
                } catch (RuntimeException e) {
                    fail(e);
                    return;
                }
            } else {
                o = outcome(attempt, plan.size(), endpoint, unwrap(error), previous);
            }
            if (o.retry() && remainingNanos() > 0) {
                send(plan, attempt + 1, o.failure());
            } else {
                fail(o.failure());
            }
        });
    }

    EtcdResult sendBlocking() {
        List<String> plan = adapter.pool.plan();
        EtcdException previous = null;
        try {
            for (int attempt = 0; ; attempt++) {
                long remaining = remainingNanos();
                if (remaining <= 0 || claimed.get()) {
                    throw claimed.get() && adapter.closed ? adapter.closedException(request) : timeout(previous);
                }
                String endpoint = plan.get(attempt % plan.size());
                HttpRequest http = adapter.encoder.encode(endpoint, request, Duration.ofNanos(remaining));
                Outcome o;
                try {
                    HttpResponse<LimitedBody.Bytes> response = sendOnThisThread(http);
                    if (claimed.get()) {
                        throw adapter.closed ? adapter.closedException(request) : timeout(null);
                    }
                    try {
                        EtcdResult r = answer(endpoint, response);
                        succeed(r);
                        return r;
                    } catch (EtcdException e) {
                        o = afterAnswer(endpoint, attempt, plan.size(), e, previous);
                    }
                } catch (InterruptedException e) {
                    if (adapter.closed && claimed.get()) {
                        throw adapter.closedException(request);
                    }
                    Thread.currentThread().interrupt();
                    throw new EtcdInterruptedException("interrupted while waiting for etcd; the request was "
                            + "cancelled" + (request.isWrite() ? " (the write may still have been applied)" : ""), e);
                } catch (IOException e) {
                    if (claimed.get() && adapter.closed) {
                        throw adapter.closedException(request);
                    }
                    if (claimed.get() || remainingNanos() <= 0) {
                        throw timeout(e);
                    }
                    o = outcome(attempt, plan.size(), endpoint, unwrap(e), previous);
                }
                if (!o.retry()) {
                    throw o.failure();
                }
                previous = o.failure();
            }
        } finally {
            claimed.set(true);
            adapter.inFlight.remove(this);
            Deadlines.shared().remove(this);
        }
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
    Outcome afterAnswer(String endpoint, int attempt, int endpoints, EtcdException e, EtcdException previous) {
        boolean unavailable = e instanceof EtcdProtocolException p && p.status() >= 500
                || e instanceof EtcdServerException s && (s.errorCode() == 300 || s.errorCode() == 301)
                || e instanceof dev.etcdj.api.EtcdClusterMismatchException;
        if (!unavailable) {
            adapter.pool.succeeded(endpoint);
            return new Outcome(e, false);
        }
        adapter.endpointFailed(endpoint);
        if (previous != null) {
            e.addSuppressed(previous);
        }
        boolean retry = !request.isWrite() && attempt + 1 < endpoints;
        if (retry) {
            LOG.log(System.Logger.Level.DEBUG, () -> "trying the next endpoint after: " + e.getMessage());
        }
        return new Outcome(e, retry);
    }

    Outcome outcome(int attempt, int endpoints, String endpoint, Throwable error, EtcdException previous) {
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
                    + (request.isWrite() ? "; the write may have been applied and was not retried" : ""),
                    error, request.isWrite());
        }
        if (previous != null) {
            failure.addSuppressed(previous);
        }
        // The JDK itself re-sends a GET once on a fresh connection when a pooled one turns out closed, so
        // a read that lost its connection goes to the next endpoint (if any), never to the same one again.
        int maxAttempts = notSent ? endpoints : Math.min(2, endpoints);
        boolean retry = (notSent || !request.isWrite()) && attempt + 1 < maxAttempts;
        if (retry) {
            LOG.log(System.Logger.Level.DEBUG, () -> "retrying after: " + failure.getMessage());
        }
        return new Outcome(failure, retry);
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof IOException && t.getCause() instanceof EtcdException e) {
            return e;
        }
        return t;
    }
}
