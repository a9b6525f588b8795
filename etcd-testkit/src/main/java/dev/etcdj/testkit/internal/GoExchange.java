package dev.etcdj.testkit.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request and its answer, framed as Go's {@code net/http} frames it: the status line; the handler's
 * headers sorted by name, in Go's canonical case ({@code X-Etcd-Index}, {@code Content-Type}); then
 * {@code Date}, {@code Content-Length} when the length is known, and {@code Transfer-Encoding: chunked}
 * otherwise. Not thread-safe: one handler thread uses it.
 */
public final class GoExchange {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    private static final int DRAIN_LIMIT = 256 << 10;

    private final Socket socket;
    private final PushbackInputStream in;
    private final GoOutput out;
    private final GoRequest request;
    private final Map<String, String> responseHeaders = new TreeMap<>();
    private final GoBody body;
    private boolean sent;
    private boolean chunked;
    private boolean keepAlive;

    GoExchange(Socket socket, PushbackInputStream in, GoOutput out, GoRequest request) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.request = request;
        boolean http11 = request.proto().equals("HTTP/1.1");
        this.keepAlive = http11 ? !request.hasToken("Connection", "close") : request.hasToken("Connection", "keep-alive");
        this.body = GoBody.of(in, request, () -> {
            if (request.hasToken("Expect", "100-continue") && !sent) {
                out.raw("HTTP/1.1 100 Continue\r\n\r\n");
                out.flush();
            }
        });
    }

    /** Returns the method. */
    public String method() {
        return request.method();
    }

    /** Returns the request target's path, still percent-encoded (an absolute-form target loses its origin). */
    public String rawPath() {
        String t = origin(request.target());
        int q = t.indexOf('?');
        return q < 0 ? t : t.substring(0, q);
    }

    /** Returns the raw query, or null if the target has no {@code ?}. */
    public String rawQuery() {
        String t = origin(request.target());
        int q = t.indexOf('?');
        return q < 0 ? null : t.substring(q + 1);
    }

    private static String origin(String target) {
        if (target.startsWith("http://") || target.startsWith("https://")) {
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            return slash < 0 ? "/" : target.substring(slash);
        }
        return target;
    }

    /** Returns the first value of request header {@code name} (any case), or null. */
    public String requestHeader(String name) {
        return request.header(name);
    }

    /** Returns the request body (decoded from chunks if chunked); empty for none. */
    public InputStream requestBody() {
        return body;
    }

    /** Sets response header {@code name} (canonicalised as Go does) to {@code value}. */
    public void setHeader(String name, String value) {
        responseHeaders.put(canonical(name), value);
    }

    /** Returns response header {@code name}, or null. */
    public String responseHeader(String name) {
        return responseHeaders.get(canonical(name));
    }

    /**
     * Sends the status line and headers: {@code length > 0} a body of that many bytes, {@code 0} a chunked
     * body, {@code -1} none ({@code Content-Length: 0} unless it is a HEAD or a status without a body).
     */
    /**
     * Sets the content type Go's server would sniff for a handler that set none: written after
     * {@code Date} and {@code Content-Length}, where Go writes it.
     */
    public void setSniffedContentType(String type) {
        sniffedType = type;
    }

    private String sniffedType;

    public void sendHeaders(int status, long length) throws IOException {
        if (sent) {
            throw new IllegalStateException("headers already sent");
        }
        sent = true;
        StringBuilder sb = new StringBuilder(256);
        sb.append(request.proto().equals("HTTP/1.0") ? "HTTP/1.0 " : "HTTP/1.1 ").append(status).append(' ')
                .append(GoStatus.text(status)).append("\r\n");
        if ("close".equalsIgnoreCase(responseHeaders.get("Connection"))) {
            keepAlive = false;
        }
        for (Map.Entry<String, String> h : responseHeaders.entrySet()) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (!responseHeaders.containsKey("Date")) {
            sb.append("Date: ").append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        }
        boolean bodyAllowed = status >= 200 && status != 204 && status != 304;
        if (!responseHeaders.containsKey("Content-Length") && bodyAllowed) {
            if (length > 0) {
                sb.append("Content-Length: ").append(length).append("\r\n");
            } else if (length < 0 && !request.method().equals("HEAD")) {
                sb.append("Content-Length: 0\r\n");
            }
        }
        if (sniffedType != null && !responseHeaders.containsKey("Content-Type") && bodyAllowed) {
            sb.append("Content-Type: ").append(sniffedType).append("\r\n");
        }
        chunked = length == 0 && bodyAllowed && !request.method().equals("HEAD");
        if (!keepAlive && !"close".equalsIgnoreCase(responseHeaders.get("Connection"))) {
            sb.append("Connection: close\r\n");
        }
        if (chunked) {
            sb.append("Transfer-Encoding: chunked\r\n");
        }
        sb.append("\r\n");
        out.raw(sb.toString());
    }

    /** Returns the stream the body goes to, after {@link #sendHeaders}; {@code flush()} sends what was written. */
    public OutputStream responseBody() {
        if (!sent) {
            throw new IllegalStateException("send the headers first");
        }
        return chunked ? out.chunked() : out.plain();
    }

    /**
     * Takes the connection over, as Go's {@code Hijacker} does (for a WebSocket): the handler answers on
     * the raw streams, nothing more is written for it, and the connection is closed when it returns.
     *
     * @return the socket, whose timeout is cleared; read from {@link #hijackedInput()}
     */
    public Socket hijack() throws IOException {
        if (sent) {
            throw new IllegalStateException("headers already sent");
        }
        sent = true;
        hijacked = true;
        keepAlive = false;
        socket.setSoTimeout(0);
        return socket;
    }

    /** {@return the connection's input after {@link #hijack()}, with what was read ahead of it} */
    public InputStream hijackedInput() {
        return in;
    }

    private boolean hijacked;

    /** Whether the client closed its connection (checked without waiting), as Go's CloseNotify reports it. */
    public boolean clientGone() {
        try {
            int old = socket.getSoTimeout();
            socket.setSoTimeout(1);
            try {
                int c = in.read();
                if (c < 0) {
                    return true;
                }
                in.unread(c);   // a pipelined request: the client is there
                return false;
            } catch (SocketTimeoutException e) {
                return false;
            } finally {
                socket.setSoTimeout(old);
            }
        } catch (IOException e) {
            return true;
        }
    }

    /** Completes the answer; the connection is kept only if the request was read whole. */
    void finish() throws IOException {
        if (hijacked) {
            return;
        }
        if (!sent) {
            sendHeaders(200, -1);
        }
        if (chunked) {
            out.raw("0\r\n\r\n");
        }
        out.flush();
        if (!body.drain(DRAIN_LIMIT)) {
            keepAlive = false;
        }
    }

    boolean keepAlive() {
        return keepAlive;
    }

    /** Go's {@code textproto.CanonicalMIMEHeaderKey}. */
    static String canonical(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        boolean upper = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return sb.toString();
    }

    /** Buffered socket output with a chunked and a plain view. */
    static final class GoOutput {
        private final BufferedOutputStream out;

        GoOutput(OutputStream socket) {
            this.out = new BufferedOutputStream(socket, 8192);
        }

        void raw(String s) throws IOException {
            out.write(GoHttpServer.ascii(s));
        }

        void flush() throws IOException {
            out.flush();
        }

        OutputStream plain() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }
            };
        }

        OutputStream chunked() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (len == 0) {
                        return;
                    }
                    raw(Integer.toHexString(len) + "\r\n");
                    out.write(b, off, len);
                    raw("\r\n");
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }
            };
        }
    }
}
