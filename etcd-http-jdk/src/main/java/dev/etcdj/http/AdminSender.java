package dev.etcdj.http;

import dev.etcdj.api.EtcdClosedException;
import dev.etcdj.api.EtcdConnectionException;
import dev.etcdj.api.EtcdException;
import dev.etcdj.api.EtcdTimeoutException;
import dev.etcdj.api.spi.AdminCall;
import dev.etcdj.http.internal.AdminCodec;
import dev.etcdj.http.internal.Deadlines;
import dev.etcdj.http.internal.LimitedBody;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cluster, stats and auth calls of an {@link HttpAdapter}: one deadline for all attempts (the
 * adapter's request timeout), reads tried on the next endpoint when one cannot be reached or answers 5xx,
 * writes only when they were never sent. Completions after a timeout or {@code close()} run on
 * {@link Deadlines#completions()}, never on a timer thread. Thread-safe.
 */
final class AdminSender {
    private final HttpClient client;
    private final dev.etcdj.http.internal.EndpointPool pool;
    private final java.util.function.Consumer<String> failed;
    private final String prefix;
    private final String authorization;
    private final Duration timeout;
    private final long maxResponseBytes;
    private final java.util.function.BiConsumer<String, HttpResponse<?>> clusterCheck;
    private final Map<CompletableFuture<?>, CompletableFuture<?>> inFlight = new ConcurrentHashMap<>();

    AdminSender(HttpClient client, dev.etcdj.http.internal.EndpointPool pool, java.util.function.Consumer<String> failed,
                String prefix, String authorization, Duration timeout,
                long maxResponseBytes, java.util.function.BiConsumer<String, HttpResponse<?>> clusterCheck) {
        this.clusterCheck = clusterCheck;
        this.client = client;
        this.pool = pool;
        this.failed = failed;
        this.prefix = prefix;
        this.authorization = authorization;
        this.timeout = timeout;
        this.maxResponseBytes = maxResponseBytes;
    }

    <T> CompletableFuture<T> send(AdminCall<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        long deadlineAt = System.nanoTime() + timeout.toNanos();
        attempt(call, result, pool.plan(), 0, deadlineAt, null);
        return result;
    }

    private <T> void attempt(AdminCall<T> call, CompletableFuture<T> result, List<String> plan, int attempt, long deadlineAt,
                             EtcdException previous) {
        String what = AdminCodec.describe(call, prefix);
        long remaining = deadlineAt - System.nanoTime();
        if (remaining <= 0) {
            complete(result, null, new EtcdTimeoutException(what + " did not complete within " + timeout
                    + (call.isWrite() ? "; the change may still have been applied" : ""), previous));
            return;
        }
        String endpoint = plan.get(attempt % plan.size());
        CompletableFuture<HttpResponse<LimitedBody.Bytes>> x = client.sendAsync(
                AdminCodec.encode(endpoint, prefix, call, authorization, Duration.ofNanos(remaining)),
                LimitedBody.handler(maxResponseBytes));
        inFlight.put(x, result);
        x.orTimeout(remaining, TimeUnit.NANOSECONDS).whenCompleteAsync((response, error) -> {
            inFlight.remove(x);
            if (result.isDone()) {
                return;
            }
            if (error == null) {
                boolean unavailable = response.statusCode() >= 500;
                if (unavailable) {
                    failed.accept(endpoint);
                }
                if (unavailable && !call.isWrite() && attempt + 1 < plan.size()) {
                    attempt(call, result, plan, attempt + 1, deadlineAt, null);
                    return;
                }
                try {
                    clusterCheck.accept(what + " at " + endpoint, response);
                    T value = AdminCodec.decode(call, what + " at " + endpoint, response.statusCode(), response.body());
                    if (!unavailable) {
                        pool.succeeded(endpoint);
                    }
                    complete(result, value, null);
                } catch (RuntimeException e) {
                    complete(result, null, e);
                }
                return;
            }
            Throwable cause = dev.etcdj.api.internal.Futures.unwrap(error);
            if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
                x.cancel(true);
                complete(result, null, new EtcdTimeoutException(what + " did not complete within " + timeout
                        + (call.isWrite() ? "; the change may still have been applied" : ""), cause));
                return;
            }
            String tls = dev.etcdj.http.internal.TlsFailures.explain(cause, java.net.URI.create(endpoint).getHost());
            boolean notSent = cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException || tls != null;
            EtcdConnectionException failure = new EtcdConnectionException(tls != null ? tls + " (" + what + ")"
                    : (notSent ? "could not connect for " : "connection lost during ") + what + " at " + endpoint + ": " + cause,
                    cause, !notSent && call.isWrite());
            if (previous != null) {
                failure.addSuppressed(previous);
            }
            if (cause instanceof IOException) {
                failed.accept(endpoint);
            }
            if ((notSent || !call.isWrite()) && attempt + 1 < plan.size() && cause instanceof IOException) {
                attempt(call, result, plan, attempt + 1, deadlineAt, failure);
            } else {
                complete(result, null, failure);
            }
        }, Deadlines.completions());
    }

    private static <T> void complete(CompletableFuture<T> result, T value, Throwable error) {
        if (error == null) {
            result.complete(value);
        } else {
            result.completeExceptionally(error);
        }
    }

    /** Fails every call in flight. */
    void close(String adapter) {
        for (Map.Entry<CompletableFuture<?>, CompletableFuture<?>> e : inFlight.entrySet()) {
            e.getValue().completeExceptionally(new EtcdClosedException("the client is closed (" + adapter + ")"));
            e.getKey().cancel(true);
        }
    }
}
