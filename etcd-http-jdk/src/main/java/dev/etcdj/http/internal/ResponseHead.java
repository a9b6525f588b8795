package dev.etcdj.http.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;

/**
 * The head of an answer read by {@link SocketHttpClient}, and how its body is framed: by
 * {@code Content-Length}, in chunks, or until the connection closes (RFC 9112, section 6.3).
 */
final class ResponseHead implements HttpResponse.ResponseInfo {
    /** Takes each piece of the body; returns false to stop reading. */
    interface Sink {
        boolean accept(ByteBuffer piece) throws IOException;
    }

    private final int status;
    private final HttpHeaders headers;
    private final boolean noBody;
    private final boolean http10;

    ResponseHead(int status, HttpHeaders headers, boolean head, String statusLine) {
        this.status = status;
        this.headers = headers;
        this.noBody = head || status / 100 == 1 || status == 204 || status == 304;
        this.http10 = statusLine.startsWith("HTTP/1.0");
    }

    /** Parses {@code HTTP/1.1 200 OK}. */
    static int status(String line, String origin) throws IOException {
        if (!(line.startsWith("HTTP/1.1 ") || line.startsWith("HTTP/1.0 ")) || line.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line from " + origin + ": "
                    + line.substring(0, Math.min(80, line.length())));
        }
        try {
            return Integer.parseInt(line.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("a malformed status line from " + origin + ": " + line, e);
        }
    }

    @Override
    public int statusCode() {
        return status;
    }

    @Override
    public HttpHeaders headers() {
        return headers;
    }

    @Override
    public HttpClient.Version version() {
        return HttpClient.Version.HTTP_1_1;
    }

    /**
     * Reads the body into {@code sink}.
     *
     * @return whether the connection can carry another exchange
     */
    boolean readBody(SocketConnection c, long deadlineAt, Sink sink) throws IOException {
        boolean keepAlive = !http10 && !headers.firstValue("Connection").map(v -> v.equalsIgnoreCase("close")).orElse(false);
        if (noBody) {
            return keepAlive;
        }
        if (headers.firstValue("Transfer-Encoding").map(v -> v.equalsIgnoreCase("chunked")).orElse(false)) {
            for (long size = chunkSize(c, deadlineAt); size > 0; size = chunkSize(c, deadlineAt)) {
                if (!copy(c, size, deadlineAt, sink)) {
                    return false;
                }
                if (!c.readLine(deadlineAt).isEmpty()) {
                    throw new IOException("a chunk not followed by CRLF from " + c.origin);
                }
            }
            for (String trailer = c.readLine(deadlineAt); !trailer.isEmpty(); trailer = c.readLine(deadlineAt)) {
                // trailers: etcd sends none, and none are used
            }
            return keepAlive;
        }
        long length = headers.firstValueAsLong("Content-Length").orElse(-1);
        if (length >= 0) {
            return copy(c, length, deadlineAt, sink) && keepAlive;
        }
        for (ByteBuffer b = c.read(Long.MAX_VALUE, deadlineAt); b.hasRemaining(); b = c.read(Long.MAX_VALUE, deadlineAt)) {
            if (!sink.accept(b)) {
                break;
            }
        }
        return false;   // the body ended with the connection
    }

    private static boolean copy(SocketConnection c, long n, long deadlineAt, Sink sink) throws IOException {
        while (n > 0) {
            ByteBuffer b = c.read(n, deadlineAt);
            if (!b.hasRemaining()) {
                throw new IOException("the connection to " + c.origin + " closed " + n + " bytes before the body's end");
            }
            n -= b.remaining();
            if (!sink.accept(b)) {
                return false;
            }
        }
        return true;
    }

    private static long chunkSize(SocketConnection c, long deadlineAt) throws IOException {
        String line = c.readLine(deadlineAt);
        int semi = line.indexOf(';');
        try {
            long size = Long.parseLong((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
            if (size < 0) {
                throw new NumberFormatException("negative");
            }
            return size;
        } catch (NumberFormatException e) {
            throw new IOException("a malformed chunk size from " + c.origin + ": " + line, e);
        }
    }
}
