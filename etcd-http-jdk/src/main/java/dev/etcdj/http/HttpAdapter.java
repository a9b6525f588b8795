package dev.etcdj.http;

import dev.etcdj.api.EtcdConnectionException;
import dev.etcdj.api.EtcdException;
import dev.etcdj.api.EtcdResult;
import dev.etcdj.api.EtcdTimeoutException;
import dev.etcdj.api.spi.EtcdAdapter;
import dev.etcdj.api.spi.EtcdRequest;
import dev.etcdj.http.internal.LimitedBody;
import dev.etcdj.http.internal.PercentEncoder;
import dev.etcdj.http.internal.Responses;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The etcd v2 adapter over one {@link HttpClient}: HTTP/1.1, keep-alive connections reused, redirects
 * never followed (etcd only redirects unclean paths, and a write must not be re-sent).
 *
 * <ul>
 *   <li>Keys are percent-encoded per segment; PUT/POST parameters go in a form body, GET/DELETE
 *       parameters in the query string (etcd ignores a DELETE body, which would turn a compare-and-delete
 *       into a plain delete).</li>
 *   <li>Every call has one deadline covering connection, failover and reading the whole body: the call's
 *       {@code timeout()}, else {@link Builder#requestTimeout}. Waits have none unless given one.</li>
 *   <li>With several endpoints, a request that could not connect goes to the next one. A read that lost
 *       its connection after sending is re-sent once by the JDK on a fresh connection (this covers a
 *       pooled keep-alive connection the server had already closed), then once on the next endpoint. A
 *       write is never re-sent: it may have been applied, and a second attempt could apply it twice or
 *       fail misleadingly. It fails with {@link EtcdConnectionException#mayHaveBeenApplied()} true, and the
 *       caller decides (a conditional write can be checked by reading the key).</li>
 * </ul>
 *
 * <p>Thread-safe. {@link #toString()} and every message leave the password out.
 */
public final class HttpAdapter implements EtcdAdapter {
    private static final System.Logger LOG = System.getLogger("dev.etcdj.http.HttpAdapter");
    private static final String FORM = "application/x-www-form-urlencoded";

    private final List<String> endpoints;
    private final String prefix;
    private final HttpClient client;
    private final Duration requestTimeout;
    private final long maxResponseBytes;
    private final String user;
    private final String authorization;
    private final ScheduledThreadPoolExecutor timer;
    private final AtomicInteger preferred = new AtomicInteger();
    /** Calls with a deadline, checked by one sweeper every {@link #SWEEP_MILLIS}: no timer work per call. */
    private final java.util.Set<Call> deadlines = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final long SWEEP_MILLIS = 10;
    private volatile boolean closed;

    private HttpAdapter(Builder b) {
        this.endpoints = List.copyOf(b.endpoints);
        this.prefix = b.pathPrefix;
        this.requestTimeout = b.requestTimeout;
        this.maxResponseBytes = b.maxResponseBytes;
        this.user = b.user;
        this.authorization = b.user == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (b.user + ":" + new String(b.password)).getBytes(StandardCharsets.UTF_8));
        if (b.httpClient != null) {
            this.client = b.httpClient;
        } else {
            HttpClient.Builder hb = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(b.connectTimeout);
            if (b.executor != null) {
                hb.executor(b.executor);
            }
            if (b.sslContext != null) {
                hb.sslContext(b.sslContext);
            }
            this.client = hb.build();
        }
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "etcdj-deadlines");
            t.setDaemon(true);
            return t;
        });
        this.timer.scheduleWithFixedDelay(this::expireDue, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void expireDue() {
        long now = System.nanoTime();
        for (Call c : deadlines) {
            if (now - c.deadlineAt >= 0) {
                c.expire();
            }
        }
    }

    /** Returns a builder; at least one endpoint is required. */
    public static Builder newBuilder() {
        return new Builder();
    }

    @Override
    public CompletableFuture<EtcdResult> execute(EtcdRequest request) {
        Objects.requireNonNull(request, "request == null");
        if (closed) {
            return CompletableFuture.failedFuture(new EtcdException("adapter is closed: " + this));
        }
        Duration deadline = request.timeout() != null ? request.timeout()
                : request.operation() == EtcdRequest.Operation.WAIT ? null : requestTimeout;
        Call call = new Call(request, deadline);
        call.send(preferred.get(), 0, null);
        return call.result;
    }

    /**
     * Sends {@code request} on the calling thread with {@link HttpClient#send}: no thread hand-off, which
     * {@code sendAsync} always adds. Waits have no deadline by default and keep the asynchronous path.
     */
    @Override
    public EtcdResult executeBlocking(EtcdRequest request) {
        Objects.requireNonNull(request, "request == null");
        if (request.operation() == EtcdRequest.Operation.WAIT) {
            return EtcdAdapter.super.executeBlocking(request);
        }
        if (closed) {
            throw new EtcdException("adapter is closed: " + this);
        }
        Duration deadline = request.timeout() != null ? request.timeout() : requestTimeout;
        Call call = new Call(request, deadline);
        try {
            return call.sendBlocking();
        } finally {
            deadlines.remove(call);
        }
    }

    /** What to do after a failed attempt: the failure, and whether to try the next endpoint. */
    private record Outcome(EtcdException failure, boolean retry) {
    }

    /** One request in flight: its deadline, its attempts across endpoints, and its result. */
    private final class Call {
        final EtcdRequest request;
        final Duration deadline;
        final CompletableFuture<EtcdResult> result = new CompletableFuture<>();
        volatile CompletableFuture<?> exchange;
        volatile LimitedBody body;
        final long deadlineAt;

        Call(EtcdRequest request, Duration deadline) {
            this.request = request;
            this.deadline = deadline;
            this.deadlineAt = deadline == null ? 0 : System.nanoTime() + deadline.toNanos();
            if (deadline != null) {
                deadlines.add(this);
                result.whenComplete((r, e) -> deadlines.remove(this));
            }
            result.whenComplete((r, e) -> {
                if (e instanceof CancellationException) {
                    abort();
                }
            });
        }

        EtcdTimeoutException timeout(Throwable cause) {
            return new EtcdTimeoutException(request.operation() + " " + request.key() + " did not complete within "
                    + deadline + (request.isWrite() ? "; the write may still have been applied" : ""), cause);
        }

        void expire() {
            EtcdTimeoutException e = timeout(null);
            if (result.completeExceptionally(e)) {
                LimitedBody b = body;
                if (b != null) {
                    b.fail(e);
                }
                abort();
            }
        }

        void abort() {
            CompletableFuture<?> x = exchange;
            if (x != null) {
                x.cancel(true);
            }
        }

        HttpResponse.BodyHandler<LimitedBody.Bytes> handler() {
            return LimitedBody.handler(maxResponseBytes, b -> {
                body = b;
                if (result.isCompletedExceptionally()) {
                    b.fail(timeout(null));
                }
            });
        }

        void send(int endpointIndex, int attempt, EtcdConnectionException previous) {
            if (result.isDone()) {
                return;
            }
            String endpoint = endpoints.get(endpointIndex % endpoints.size());
            HttpRequest http;
            try {
                http = encode(endpoint, request, null);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            CompletableFuture<HttpResponse<LimitedBody.Bytes>> x = client.sendAsync(http, handler());
            exchange = x;
            x.whenComplete((response, error) -> {
                if (result.isDone()) {
                    return;
                }
                if (error == null) {
                    preferred.set(endpointIndex % endpoints.size());
                    try {
                        result.complete(Responses.decode(endpoint + prefix, request, response.statusCode(), response.headers(), response.body()));
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                    return;
                }
                Outcome o = outcome(attempt, endpoint, unwrap(error), previous);
                if (o.retry()) {
                    send(endpointIndex + 1, attempt + 1, (EtcdConnectionException) o.failure());
                } else {
                    result.completeExceptionally(o.failure());
                }
            });
        }

        EtcdResult sendBlocking() {
            int endpointIndex = preferred.get();
            EtcdConnectionException previous = null;
            for (int attempt = 0; ; attempt++) {
                String endpoint = endpoints.get(endpointIndex % endpoints.size());
                HttpRequest http = encode(endpoint, request, deadline);
                try {
                    HttpResponse<LimitedBody.Bytes> response = client.send(http, handler());
                    if (result.isCompletedExceptionally()) {
                        throw timeout(null);
                    }
                    preferred.set(endpointIndex % endpoints.size());
                    EtcdResult r = Responses.decode(endpoint + prefix, request, response.statusCode(), response.headers(),
                            response.body());
                    result.complete(r);
                    return r;
                } catch (InterruptedException e) {
                    result.cancel(false);
                    Thread.currentThread().interrupt();
                    throw new dev.etcdj.api.EtcdInterruptedException(
                            "interrupted while waiting for etcd; the request was cancelled", e);
                } catch (IOException e) {
                    if (result.isCompletedExceptionally() || System.nanoTime() - deadlineAt >= 0) {
                        throw timeout(e);
                    }
                    Outcome o = outcome(attempt, endpoint, unwrap(e), previous);
                    if (!o.retry()) {
                        throw o.failure();
                    }
                    previous = (EtcdConnectionException) o.failure();
                    endpointIndex++;
                }
            }
        }

        Outcome outcome(int attempt, String endpoint, Throwable error, EtcdConnectionException previous) {
            if (error instanceof EtcdException e) {
                return new Outcome(e, false);
            }
            boolean notSent = error instanceof ConnectException || error instanceof HttpConnectTimeoutException;
            if (error instanceof HttpTimeoutException && !notSent) {
                return new Outcome(timeout(error), false);
            }
            String what = request.operation() + " " + request.key() + " at " + endpoint;
            EtcdConnectionException failure;
            if (notSent) {
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
            int maxAttempts = notSent ? endpoints.size() : Math.min(2, endpoints.size());
            boolean retry = (notSent || !request.isWrite()) && attempt + 1 < maxAttempts;
            if (retry) {
                LOG.log(System.Logger.Level.DEBUG, () -> "retrying after: " + failure.getMessage());
            }
            return new Outcome(failure, retry);
        }
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

    // ---- encoding ----------------------------------------------------------------------------------

    HttpRequest encode(String endpoint, EtcdRequest r, Duration deadline) {
        StringBuilder url = new StringBuilder(endpoint.length() + 64).append(endpoint).append(prefix).append("/keys");
        PercentEncoder.encodePath(r.key().path(), url);
        StringBuilder params = new StringBuilder();
        switch (r.operation()) {
            case GET:
                flag(params, "recursive", r.recursive());
                flag(params, "sorted", r.sorted());
                flag(params, "quorum", r.quorum());
                break;
            case WAIT:
                flag(params, "wait", true);
                flag(params, "recursive", r.recursive());
                if (r.waitIndex() > 0) {
                    param(params, "waitIndex", Long.toString(r.waitIndex()));
                }
                break;
            case DELETE:
                flag(params, "dir", r.dir());
                flag(params, "recursive", r.recursive());
                conditions(params, r);
                break;
            default:
                if (r.value() != null) {
                    param(params, "value", r.value());
                }
                flag(params, "dir", r.dir());
                if (r.ttl() != null) {
                    param(params, "ttl", Long.toString(r.ttl().getSeconds()));
                }
                if (r.prevExist() != null) {
                    param(params, "prevExist", r.prevExist().toString());
                }
                conditions(params, r);
                flag(params, "refresh", r.refresh());
                flag(params, "noValueOnSuccess", r.noValueOnSuccess());
        }
        boolean form = r.operation() == EtcdRequest.Operation.SET || r.operation() == EtcdRequest.Operation.APPEND;
        if (!form && params.length() > 0) {
            url.append('?').append(params);
        }
        // The blocking path passes its deadline: HttpClient.send can only be ended by the JDK's own timeout
        // (connect and headers) or by failing the body subscriber (the sweeper does that). The asynchronous
        // path passes none and is cancelled by the sweeper.
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.toString()));
        if (deadline != null) {
            b.timeout(deadline);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        switch (r.operation()) {
            case GET:
            case WAIT:
                return b.GET().build();
            case DELETE:
                return b.DELETE().build();
            default:
                b.header("Content-Type", FORM);
                HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString(params.toString());
                return (r.operation() == EtcdRequest.Operation.SET ? b.PUT(body) : b.POST(body)).build();
        }
    }

    private static void conditions(StringBuilder params, EtcdRequest r) {
        if (r.prevValue() != null) {
            param(params, "prevValue", r.prevValue());
        }
        if (r.prevIndex() > 0) {
            param(params, "prevIndex", Long.toString(r.prevIndex()));
        }
    }

    private static void flag(StringBuilder params, String name, boolean on) {
        if (on) {
            param(params, name, "true");
        }
    }

    private static void param(StringBuilder params, String name, String value) {
        if (params.length() > 0) {
            params.append('&');
        }
        params.append(name).append('=');
        PercentEncoder.encode(value, params);
    }

    /** Returns the endpoints, in order. */
    public List<String> endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
    }

    @Override
    public String toString() {
        return "HttpAdapter[endpoints=" + endpoints + ", prefix=" + prefix + (user == null ? "" : ", user=" + user)
                + ", requestTimeout=" + requestTimeout + "]";
    }

    /**
     * Configures an {@link HttpAdapter}. Defaults: path prefix {@code /v2}, request timeout 10 s, connect
     * timeout 3 s, response limit 256 MiB, the {@link HttpClient}'s default executor, the JDK's default
     * TLS context with hostname verification. Not thread-safe.
     */
    public static final class Builder {
        private final List<String> endpoints = new ArrayList<>();
        private String pathPrefix = "/v2";
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(3);
        private long maxResponseBytes = 256L << 20;
        private Executor executor;
        private SSLContext sslContext;
        private HttpClient httpClient;
        private String user;
        private char[] password;

        private Builder() {
        }

        /**
         * Adds endpoints such as {@code http://127.0.0.1:2379} or {@code https://etcd.example:2379}; tried in
         * order.
         *
         * @throws IllegalArgumentException if one is not an absolute http(s) URL without query or fragment
         */
        public Builder endpoints(String... urls) {
            for (String url : Objects.requireNonNull(urls, "urls == null")) {
                endpoints.add(checkEndpoint(url));
            }
            return this;
        }

        private static String checkEndpoint(String url) {
            Objects.requireNonNull(url, "endpoint == null");
            URI uri;
            try {
                uri = new URI(url);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("endpoint is not a URL: \"" + url + "\": " + e.getMessage());
            }
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("endpoint must be an http:// or https:// URL with a host: \"" + url + "\"");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("endpoint must not have a query, fragment or user info "
                        + "(use credentials(...)): " + uri.getScheme() + "://" + uri.getHost());
            }
            String s = url;
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            return s;
        }

        /**
         * Sets the path before {@code /keys}, {@code /v2} by default (python-etcd's {@code version_prefix});
         * for example {@code /etcd/v2} behind a proxy.
         */
        public Builder pathPrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix == null");
            String p = prefix.startsWith("/") ? prefix : "/" + prefix;
            while (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            if (p.contains("?") || p.contains("#") || p.contains("//")) {
                throw new IllegalArgumentException("invalid path prefix: \"" + prefix + "\"");
            }
            this.pathPrefix = p;
            return this;
        }

        /** Sets the default deadline of calls other than waits; a call's {@code timeout()} overrides it. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** Sets the TCP/TLS connect timeout. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Sets the largest response body accepted; larger ones fail with {@link EtcdProtocolException}. */
        public Builder maxResponseBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxResponseBytes < 1: " + bytes);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /** Sets the executor the {@link HttpClient} runs its callbacks (and so result continuations) on. */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor == null");
            return this;
        }

        /** Sets the TLS context for {@code https} endpoints; hostname verification stays on. */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "sslContext == null");
            return this;
        }

        /**
         * Uses this client instead of building one; it should use HTTP/1.1 and never follow redirects.
         * The connect timeout, executor and TLS settings of this builder are then ignored.
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "httpClient == null");
            return this;
        }

        /** Sends HTTP Basic credentials with every request. The password is never logged or printed. */
        public Builder credentials(String user, char[] password) {
            Objects.requireNonNull(user, "user == null");
            Objects.requireNonNull(password, "password == null");
            if (user.indexOf(':') >= 0) {
                throw new IllegalArgumentException("user must not contain ':'");
            }
            this.user = user;
            this.password = password.clone();
            return this;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name + " == null");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " <= 0: " + d);
            }
            return d;
        }

        /**
         * Returns the adapter.
         *
         * @throws IllegalStateException if no endpoint was given
         */
        public HttpAdapter build() {
            if (endpoints.isEmpty()) {
                throw new IllegalStateException("no endpoint: call endpoints(\"http://127.0.0.1:2379\")");
            }
            return new HttpAdapter(this);
        }

        @Override
        public String toString() {
            return "HttpAdapter.Builder[endpoints=" + endpoints + (user == null ? "" : ", user=" + user) + "]";
        }
    }
}
