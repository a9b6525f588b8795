package dev.etcdj.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The raw-socket baseline: what a JVM client can reach. One blocking {@link Socket} kept alive,
 * hand-written HTTP/1.1 requests, the answer's status read and its body skipped (by
 * {@code Content-Length} or chunk by chunk) without being decoded. No JSON, no retries, no deadlines
 * beyond a socket timeout: the floor below any real client. Not thread-safe: one per thread.
 */
final class RawHttp implements AutoCloseable {
    private final String host;
    private final int port;
    private final byte[] hostHeader;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] skip = new byte[16 * 1024];
    private final StringBuilder line = new StringBuilder(64);
    private long bodyLength;
    /** The body of the last answer, when it was asked for (a watch's event). */
    private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();

    RawHttp(String url) {
        URI u = URI.create(url);
        host = u.getHost();
        port = u.getPort();
        hostHeader = ("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends {@code GET target} and returns the status, the body read and dropped. */
    int get(String target) {
        return exchange("GET", target, null, false);
    }

    /** Sends {@code PUT target} with a form body and returns the status, the body read and dropped. */
    int put(String target, String form) {
        return exchange("PUT", target, form, false);
    }

    /** Sends {@code GET target} without waiting for the answer (a watch's long poll); see {@link #awaitBody()}. */
    void arm(String target) {
        try {
            write("GET", target, null);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("GET " + target, e);
        }
    }

    /** Reads the answer to {@link #arm} and returns its body as text. */
    String awaitBody() {
        try {
            readResponse(true);
            return kept.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("the armed GET", e);
        }
    }

    private int exchange(String method, String target, String form, boolean keep) {
        try {
            write(method, target, form);
            return readResponse(keep);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(method + " " + target, e);
        }
    }

    private void write(String method, String target, String form) throws IOException {
        if (socket == null) {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = new java.io.BufferedOutputStream(socket.getOutputStream(), 4096);
        }
        out.write((method + " " + target + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(hostHeader);
        if (form != null) {
            byte[] body = form.getBytes(StandardCharsets.UTF_8);
            out.write(("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
        } else {
            out.write('\r');
            out.write('\n');
        }
        out.flush();
    }

    /** {@return the length of the last answer's body} */
    long lastBodyLength() {
        return bodyLength;
    }

    private int readResponse(boolean keep) throws IOException {
        kept.reset();
        bodyLength = 0;
        String status = readLine();
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String h = readLine(); !h.isEmpty(); h = readLine()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon);
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(h.substring(colon + 1).trim());
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = h.regionMatches(true, colon + 1, " chunked", 0, 8);
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(readLine().split(";")[0].trim(), 16); size > 0;
                    size = Long.parseLong(readLine().split(";")[0].trim(), 16)) {
                skip(size, keep);
                readLine();
            }
            readLine();   // the empty trailer
        } else if (length > 0) {
            skip(length, keep);
        }
        return code;
    }

    private void skip(long n, boolean keep) throws IOException {
        bodyLength += n;
        while (n > 0) {
            int r = in.read(skip, 0, (int) Math.min(skip.length, n));
            if (r < 0) {
                throw new IOException("connection closed in a body");
            }
            if (keep) {
                kept.write(skip, 0, r);
            }
            n -= r;
        }
    }

    private String readLine() throws IOException {
        line.setLength(0);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
            socket = null;
        }
    }
}
