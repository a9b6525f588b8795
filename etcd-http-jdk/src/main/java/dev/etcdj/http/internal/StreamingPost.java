package dev.etcdj.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/**
 * One POST whose answer is a stream of lines, as the gateway streams a watch: the request (body and all)
 * is sent at once, then the answer's {@code Transfer-Encoding: chunked} body is read line by line as it
 * comes, blank lines skipped. Half duplex: nothing more can be sent, and the stream ends when the
 * connection is closed ({@code net/http} serves HTTP/1 that way). On a connection of its own.
 */
public final class StreamingPost implements TextStream {
    private final SocketConnection connection;
    private final long maxLineBytes;
    private final boolean chunked;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private long chunkLeft;
    private boolean ended;

    private StreamingPost(SocketConnection connection, long maxLineBytes, boolean chunked) {
        this.connection = connection;
        this.maxLineBytes = maxLineBytes;
        this.chunked = chunked;
    }

    /**
     * Sends the POST and reads the answer's head.
     *
     * @param endpoint the server, such as {@code http://127.0.0.1:2379}
     * @param path the resource
     * @param body the request body (JSON)
     * @param headers more headers, name and value each, such as {@code Authorization}
     * @param connectTimeoutMillis the limit of the connect and the TLS handshake
     * @param tls the TLS context for https
     * @param deadlineAt when the head must have come, in {@link System#nanoTime()}
     * @param maxLineBytes the longest line accepted
     * @return the stream, its head read
     * @throws StatusException if the answer is not a 200; its body is in the exception
     */
    public static StreamingPost open(String endpoint, String path, String body, List<String[]> headers,
                                     int connectTimeoutMillis, SSLContext tls, long deadlineAt, long maxLineBytes) throws IOException {
        URI uri = URI.create(endpoint);
        String origin = uri.getScheme() + "://" + uri.getAuthority();
        SocketConnection c = SocketConnection.open(uri, origin, connectTimeoutMillis, tls);
        try {
            List<String[]> all = new ArrayList<>(headers);
            all.add(new String[] {"Content-Type", "application/json"});
            c.write(SocketConnection.head("POST", path, uri.getAuthority(), all, body.getBytes(StandardCharsets.UTF_8)));
            String status = c.readLine(deadlineAt);
            boolean chunked = false;
            long length = -1;
            for (String h = c.readLine(deadlineAt); !h.isEmpty(); h = c.readLine(deadlineAt)) {
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                if (name.equals("transfer-encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                } else if (name.equals("content-length")) {
                    try {
                        length = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new IOException("a Content-Length that is not a number from " + origin);
                    }
                }
            }
            StreamingPost s = new StreamingPost(c, maxLineBytes, chunked);
            if (!chunked) {
                s.chunkLeft = length < 0 ? Long.MAX_VALUE : length;
            }
            if (!status.startsWith("HTTP/1.1 200") && !status.startsWith("HTTP/1.0 200")) {
                String text;
                try {
                    text = s.receiveText(deadlineAt);
                } catch (IOException e) {
                    text = "";
                }
                throw new StatusException(status, text);
            }
            return s;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The server answered with another status than 200. */
    public static final class StatusException extends IOException {
        private static final long serialVersionUID = 1L;
        /** @serial the status line */
        private final String statusLine;
        /** @serial the first line of the body, or empty */
        private final String body;

        StatusException(String statusLine, String body) {
            super("the server answered '" + statusLine + "'");
            this.statusLine = statusLine;
            this.body = body;
        }

        /** {@return the HTTP status code, or 0 if the status line has none} */
        public int status() {
            String[] parts = statusLine.split(" ");
            try {
                return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        /** {@return the first line of the body, or empty} */
        public String body() {
            return body;
        }
    }

    @Override
    public String receiveText(long deadlineAt) throws IOException {
        long until = deadlineAt;   // for a line to begin
        while (true) {
            int b;
            try {
                b = next(until);
            } catch (EOFException end) {
                boolean whole = ended || !chunked && chunkLeft == 0;
                if (line.size() == 0 || !whole) {
                    throw end;   // nothing, or a line cut short by a lost connection
                }
                b = '\n';   // a whole body's last line without its newline (an error body, say)
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8).trim();
                line.reset();
                if (!text.isEmpty()) {
                    return text;
                }
                until = deadlineAt;
                continue;
            }
            if (line.size() == 0 && deadlineAt != 0) {   // a line begun is read whole
                until = Math.max(deadlineAt, System.nanoTime() + BEGUN_MESSAGE_NANOS);
            }
            if (line.size() >= maxLineBytes) {
                throw new IOException("a streamed message over the limit of " + maxLineBytes + " bytes");
            }
            line.write(b);
        }
    }

    /** {@return the next byte of the body, across chunk boundaries} */
    private int next(long deadlineAt) throws IOException {
        while (chunkLeft == 0) {
            if (ended || !chunked) {
                throw new EOFException("the server ended the stream");
            }
            String size = connection.readLine(deadlineAt);
            if (size.isEmpty()) {
                size = connection.readLine(deadlineAt);   // the CRLF after the previous chunk's data
            }
            int semi = size.indexOf(';');
            try {
                chunkLeft = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("a chunk size that is not hexadecimal: the answer is not chunked as announced");
            }
            if (chunkLeft == 0) {
                ended = true;
            }
        }
        ByteBuffer one = connection.read(1, deadlineAt);
        if (!one.hasRemaining()) {
            throw new EOFException("the connection closed in the middle of the stream");
        }
        chunkLeft--;
        return one.get() & 0xff;
    }

    @Override
    public boolean fullDuplex() {
        return false;
    }

    @Override
    public void sendText(String text) {
        throw new UnsupportedOperationException("a streaming POST is half duplex: nothing can be sent once it streams");
    }

    @Override
    public void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return "streaming POST over " + connection;
    }
}
