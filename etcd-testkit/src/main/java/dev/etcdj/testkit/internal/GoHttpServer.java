package dev.etcdj.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 server on JDK sockets that frames its answers as Go's {@code net/http} does (see
 * {@link GoExchange}): keep-alive connections, {@code Expect: 100-continue}, chunked and fixed-length
 * request bodies. One thread per connection from a bounded pool (a connection beyond the bound is closed at
 * once). A request must arrive whole within {@link #REQUEST_TIMEOUT_MILLIS} of its first byte, with at most
 * {@link #MAX_HEADER_BYTES} of request line and headers, so slow clients cannot hold threads; an idle
 * keep-alive connection is closed after {@link #IDLE_TIMEOUT_MILLIS}. Handlers can see a client that went
 * away ({@link GoExchange#clientGone()}), as Go's {@code CloseNotify} does.
 */
public final class GoHttpServer implements AutoCloseable {
    /** How long a client may take to send a request once it started. */
    public static final int REQUEST_TIMEOUT_MILLIS = 10_000;
    /** How long a kept-alive connection may stay idle between requests. */
    public static final int IDLE_TIMEOUT_MILLIS = 120_000;
    /** Go's {@code DefaultMaxHeaderBytes}: request line and headers. */
    public static final int MAX_HEADER_BYTES = 1 << 20;
    /** The most connections served at once. */
    public static final int MAX_CONNECTIONS = 512;
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    /** Handles one request; the exchange is finished (and the connection reused) when it returns. */
    public interface Handler {
        void handle(GoExchange x) throws IOException;
    }

    private final ServerSocket socket;
    private final Handler handler;
    private final ThreadPoolExecutor pool;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private GoHttpServer(ServerSocket socket, Handler handler, String name) {
        this.socket = socket;
        this.handler = handler;
        this.pool = new ThreadPoolExecutor(0, MAX_CONNECTIONS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::accept, name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code address} (port 0 for a free one) and serves with {@code handler}. */
    public static GoHttpServer start(InetSocketAddress address, Handler handler, String threadName) {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(address, 128);
            return new GoHttpServer(s, handler, threadName);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address, e);
        }
    }

    /** Returns the address listened on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void accept() {
        while (!closed) {
            Socket s;
            try {
                s = socket.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            try {
                s.setTcpNoDelay(true);
                pool.execute(() -> serve(s));
            } catch (RejectedExecutionException | IOException e) {
                quietly(s);
            }
        }
    }

    private void serve(Socket s) {
        open.add(s);
        try {
            PushbackInputStream in = new PushbackInputStream(s.getInputStream(), 1);
            GoExchange.GoOutput out = new GoExchange.GoOutput(s.getOutputStream());
            while (!closed) {
                s.setSoTimeout(IDLE_TIMEOUT_MILLIS);
                int first;
                try {
                    first = in.read();
                } catch (SocketTimeoutException e) {
                    return;
                }
                if (first < 0) {
                    return;
                }
                in.unread(first);
                s.setSoTimeout(REQUEST_TIMEOUT_MILLIS);
                GoRequest request = GoRequest.read(in, MAX_HEADER_BYTES);
                if (request.malformed() != null) {
                    if (!request.malformed().isEmpty()) {
                        out.raw(request.malformed());
                    }
                    return;   // as Go: a 400 (or nothing) and the connection closed
                }
                if (request.http2()) {
                    GrpcPreface.serve(s, in, out.plain());
                    return;
                }
                GoExchange x = new GoExchange(s, in, out, request);
                handler.handle(x);   // a handler that throws drops the connection unanswered, as a Go handler's panic
                x.finish();
                if (!x.keepAlive()) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or sent garbage: drop the connection
        } finally {
            open.remove(s);
            quietly(s);
        }
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /**
     * Stops listening and closes every connection (handlers blocked on them end). When it returns the port
     * is no longer listened on: the JDK closes a socket that a thread is blocked accepting on only once that
     * thread has woken, so this waits for the acceptor to end.
     */
    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        if (Thread.currentThread() != acceptor) {
            try {
                acceptor.join(CLOSE_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Socket s : open) {
            quietly(s);
        }
        pool.shutdownNow();
    }

    /** Reads one byte-exact line (without CRLF or LF) of at most {@code max} bytes, or null at EOF. */
    static String line(InputStream in, int max) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') {
                    sb.setLength(n - 1);
                }
                return sb.toString();
            }
            if (sb.length() >= max) {
                throw new IOException("header line too long");
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
