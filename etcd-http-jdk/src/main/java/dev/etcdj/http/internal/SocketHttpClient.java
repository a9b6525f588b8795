package dev.etcdj.http.internal;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;

/**
 * The blocking-socket transport: an {@link HttpClient} that speaks HTTP/1.1 over a pool of keep-alive
 * connections, one exchange per connection at a time, on the calling thread for {@link #send} and on a
 * thread of its own pool for {@link #sendAsync} (a long poll holds that thread while it waits). Only what
 * etcdj's adapter uses is implemented: no redirects, proxies, cookies, authenticators, HTTP/2 or push.
 * An interrupt of a thread in {@code send} closes its connection and throws {@link InterruptedException};
 * cancelling a future of {@code sendAsync} closes its connection. {@link #close()} closes every
 * connection and ends the pool's threads. Thread-safe.
 */
public final class SocketHttpClient extends HttpClient implements AutoCloseable {
    /** An idle connection older than this is checked (without blocking) before it is used again. */
    private static final long CHECK_AFTER_NANOS = 250_000_000L;
    /** An idle connection older than this is closed rather than used. */
    private static final long MAX_IDLE_NANOS = 60_000_000_000L;

    private final Duration connectTimeout;
    private final SSLContext tls;
    private final Map<String, ConcurrentLinkedDeque<SocketConnection>> idle = new ConcurrentHashMap<>();
    private final Set<SocketConnection> busy = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads;
    private volatile boolean closed;

    /**
     * Creates the client.
     *
     * @param connectTimeout the connect (and TLS handshake) timeout
     * @param tls the TLS context for {@code https}, or null for the JDK's default
     */
    public SocketHttpClient(Duration connectTimeout, SSLContext tls) {
        this.connectTimeout = connectTimeout;
        try {
            this.tls = tls != null ? tls : SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "etcdj-socket-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return exchange(request, handler, new AtomicReference<>());
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
        AtomicReference<SocketConnection> current = new AtomicReference<>();
        result.whenComplete((r, e) -> {
            if (e instanceof CancellationException) {
                SocketConnection c = current.getAndSet(null);
                if (c != null) {
                    c.close();
                }
            }
        });
        try {
            threads.execute(() -> {
                if (result.isDone()) {
                    return;
                }
                try {
                    result.complete(exchange(request, handler, current));
                } catch (IOException | InterruptedException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new IOException("the client is closed"));
        }
        return result;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> push) {
        return sendAsync(request, handler);   // HTTP/1.1: there are no pushes
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                         AtomicReference<SocketConnection> current) throws IOException, InterruptedException {
        URI uri = request.uri();
        String origin = uri.getScheme() + "://" + uri.getRawAuthority();
        byte[] body = RequestBody.bytes(request);
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        List<String[]> headers = new ArrayList<>();
        request.headers().map().forEach((name, values) -> values.forEach(v -> headers.add(new String[] {name, v})));
        byte[] wire = SocketConnection.head(request.method(), target, uri.getRawAuthority(), headers, body);
        long deadlineAt = request.timeout().map(t -> System.nanoTime() + Math.max(1, t.toNanos())).orElse(0L);
        // A connection that fails before any byte of an answer (a pooled one the server closed meanwhile, a
        // reset): a GET is sent once more on a new connection, as HttpClient does; other methods are not.
        for (int attempt = 0; ; attempt++) {
            SocketConnection c = attempt == 0 ? pooled(origin) : null;
            if (c == null) {
                c = connect(uri, origin, deadlineAt);
            }
            busy.add(c);
            current.set(c);
            boolean answered = false;
            try {
                c.write(wire);
                String status = c.readLine(deadlineAt);
                answered = true;
                c.freshTls = false;
                return answer(request, handler, c, status, deadlineAt);
            } catch (IOException e) {
                c.close();
                if (e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
                    Thread.interrupted();   // as HttpClient.send: the interrupt becomes the exception
                    InterruptedException ie = new InterruptedException("interrupted during " + request.method() + " " + uri);
                    ie.initCause(e);
                    throw ie;
                }
                if (closed) {
                    throw new IOException("the client is closed", e);
                }
                if (!answered && c.freshTls && !(e instanceof java.net.http.HttpTimeoutException)) {
                    // TLS 1.3 ends the handshake on the client's side before the server has checked the
                    // client's certificate: a refusal arrives as an alert, or a reset, on the first read
                    SSLHandshakeException h = new SSLHandshakeException("the server ended the TLS connection "
                            + "right after the handshake, before any answer, as a TLS 1.3 server refusing the "
                            + "client certificate does (bad_certificate, or certificate_required when none was given)");
                    h.initCause(e);
                    throw h;
                }
                if (answered || attempt > 0 || !request.method().equals("GET") || e instanceof java.net.http.HttpTimeoutException) {
                    throw e;
                }
            } catch (RuntimeException e) {
                c.close();
                throw e;
            } finally {
                busy.remove(c);
                current.compareAndSet(c, null);
            }
        }
    }

    private SocketConnection connect(URI uri, String origin, long deadlineAt) throws IOException {
        if (closed) {
            throw new IOException("the client is closed");
        }
        long timeout = connectTimeout.toMillis();
        if (deadlineAt != 0) {
            timeout = Math.min(timeout, Math.max(1, (deadlineAt - System.nanoTime()) / 1_000_000));
        }
        return SocketConnection.open(uri, origin, (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout)), tls);
    }

    private SocketConnection pooled(String origin) {
        ConcurrentLinkedDeque<SocketConnection> q = idle.get(origin);
        for (SocketConnection c = q == null ? null : q.pollFirst(); c != null; c = q.pollFirst()) {
            long idleFor = System.nanoTime() - c.idleSince;
            if (idleFor < CHECK_AFTER_NANOS || idleFor < MAX_IDLE_NANOS && c.stillOpen()) {
                return c;
            }
            c.close();
        }
        return null;
    }

    private void release(SocketConnection c) {
        if (closed || c.isClosed()) {
            c.close();
            return;
        }
        c.idleSince = System.nanoTime();
        idle.computeIfAbsent(c.origin, o -> new ConcurrentLinkedDeque<>()).addFirst(c);
        if (closed) {
            c.close();
        }
    }

    /** Reads the head after its status line, then the body into the handler's subscriber. */
    private <T> HttpResponse<T> answer(HttpRequest request, HttpResponse.BodyHandler<T> handler, SocketConnection c,
                                       String status, long deadlineAt) throws IOException {
        int code = ResponseHead.status(status, c.origin);
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line = c.readLine(deadlineAt); !line.isEmpty(); line = c.readLine(deadlineAt)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("a malformed header line from " + c.origin + ": " + line);
            }
            map.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>(1)).add(line.substring(colon + 1).trim());
        }
        if (code == 100) {
            return answer(request, handler, c, c.readLine(deadlineAt), deadlineAt);
        }
        HttpHeaders headers = HttpHeaders.of(map, (a, b) -> true);
        ResponseHead head = new ResponseHead(code, headers, request.method().equals("HEAD"), status);
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(head);
        java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();   // by a deadline
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        });
        boolean reusable;
        try {
            reusable = head.readBody(c, deadlineAt, b -> {
                if (!cancelled.get()) {
                    // LimitedBody copies the bytes at once; any other subscriber gets its own copy
                    subscriber.onNext(List.of(subscriber instanceof LimitedBody ? b : copy(b)));
                }
                return !cancelled.get();
            });
        } catch (IOException e) {
            subscriber.onError(e);
            throw e;
        }
        if (!cancelled.get()) {
            subscriber.onComplete();
        }
        if (reusable && !cancelled.get()) {
            release(c);
        } else {
            c.close();
        }
        T value;
        try {
            value = subscriber.getBody().toCompletableFuture().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause.getMessage()), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while completing the body", e);
        }
        return new Response<>(code, request, headers, value);
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b).flip();
        return c;
    }

    /** Closes every connection, idle or in use (their exchanges fail), and ends the threads. Idempotent. */
    @Override
    public void close() {
        closed = true;
        threads.shutdownNow();
        for (ConcurrentLinkedDeque<SocketConnection> q : idle.values()) {
            for (SocketConnection c = q.poll(); c != null; c = q.poll()) {
                c.close();
            }
        }
        for (SocketConnection c : busy) {
            c.close();
        }
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return Optional.empty();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return Optional.of(connectTimeout);
    }

    @Override
    public Redirect followRedirects() {
        return Redirect.NEVER;
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return Optional.empty();
    }

    @Override
    public SSLContext sslContext() {
        return tls;
    }

    @Override
    public SSLParameters sslParameters() {
        return tls.getDefaultSSLParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return Optional.empty();
    }

    @Override
    public Version version() {
        return Version.HTTP_1_1;
    }

    @Override
    public Optional<java.util.concurrent.Executor> executor() {
        return Optional.of(threads);
    }

    /** A complete answer. */
    private record Response<T>(int statusCode, HttpRequest request, HttpHeaders headers, T body) implements HttpResponse<T> {
        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public Version version() {
            return Version.HTTP_1_1;
        }
    }
}
