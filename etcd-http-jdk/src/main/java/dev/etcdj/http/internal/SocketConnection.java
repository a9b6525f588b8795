package dev.etcdj.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 connection of {@link SocketHttpClient}: a blocking {@link SocketChannel} (so that a thread
 * blocked on it is woken by an interrupt, which closes it), with TLS through an {@link SSLSocket} layered
 * on it, and a read buffer of its own. Used by one exchange at a time.
 */
final class SocketConnection implements AutoCloseable {
    private static final int BUFFER = 16 * 1024;

    final String origin;
    private final SocketChannel channel;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int lim;
    private final StringBuilder line = new StringBuilder(128);
    /** When the connection went back to the pool, in {@link System#nanoTime()}. */
    long idleSince;
    /** Whether this is TLS and no exchange has completed on it yet (see {@link SocketHttpClient}). */
    boolean freshTls;
    private volatile boolean closed;

    private SocketConnection(String origin, SocketChannel channel, Socket socket) throws IOException {
        this.origin = origin;
        this.channel = channel;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to {@code uri}'s host and port, and for {@code https} makes the TLS handshake with the
     * host name verified (as {@code HttpClient} does).
     *
     * @throws HttpConnectTimeoutException if the connection or the handshake took longer than {@code connectTimeoutMillis}
     */
    static SocketConnection open(URI uri, String origin, int connectTimeoutMillis, SSLContext tls) throws IOException {
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        String host = uri.getHost();
        SocketChannel channel = SocketChannel.open();
        try {
            Socket plain = channel.socket();
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {   // as HttpClient: a name that does not resolve is a connect failure
                throw new java.net.ConnectException("cannot resolve " + host + " for " + origin);
            }
            try {
                plain.connect(address, connectTimeoutMillis);
            } catch (SocketTimeoutException e) {
                throw new HttpConnectTimeoutException("connecting to " + origin + " timed out");
            }
            plain.setTcpNoDelay(true);
            if (!https) {
                return new SocketConnection(origin, channel, plain);
            }
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
            SSLParameters p = tls.getDefaultSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isIpLiteral(host)) {
                p.setServerNames(List.of(new SNIHostName(host)));
            }
            s.setSSLParameters(p);
            s.setSoTimeout(connectTimeoutMillis);
            try {
                s.startHandshake();
            } catch (SocketTimeoutException e) {
                throw new HttpConnectTimeoutException("the TLS handshake with " + origin + " timed out");
            }
            SocketConnection c = new SocketConnection(origin, channel, s);
            c.freshTls = true;
            return c;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
    }

    /** Writes a whole request in one go. */
    void write(byte[] request) throws IOException {
        out.write(request);
        out.flush();
    }

    /**
     * Reads one line of the head (without its CRLF), waiting until {@code deadlineAt} at most.
     *
     * @throws HttpTimeoutException if the deadline passed
     */
    String readLine(long deadlineAt) throws IOException {
        line.setLength(0);
        while (true) {
            if (pos == lim && !fill(deadlineAt)) {
                throw new IOException("the connection to " + origin + " closed in the answer's head");
            }
            byte c = buf[pos++];
            if (c == '\n') {
                int n = line.length();
                if (n > 0 && line.charAt(n - 1) == '\r') {
                    line.setLength(n - 1);
                }
                return line.toString();
            }
            if (line.length() > 64 * 1024) {
                throw new IOException("a header line longer than 64 KiB from " + origin);
            }
            line.append((char) (c & 0xff));
        }
    }

    /**
     * Returns up to {@code max} bytes of the body as a view of the read buffer, valid until the next read;
     * an empty buffer at the end of the stream.
     */
    ByteBuffer read(long max, long deadlineAt) throws IOException {
        if (pos == lim && !fill(deadlineAt)) {
            return ByteBuffer.allocate(0);
        }
        int n = (int) Math.min(max, lim - pos);
        ByteBuffer b = ByteBuffer.wrap(buf, pos, n);
        pos += n;
        return b;
    }

    private boolean fill(long deadlineAt) throws IOException {
        int timeout = 0;
        if (deadlineAt != 0) {
            long left = deadlineAt - System.nanoTime();
            if (left <= 0) {
                throw new HttpTimeoutException("request timed out");
            }
            timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000));
        }
        socket.setSoTimeout(timeout);
        int n;
        try {
            n = in.read(buf, 0, buf.length);
        } catch (SocketTimeoutException e) {
            throw new HttpTimeoutException("request timed out");
        }
        if (n < 0) {
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }

    /**
     * Whether an idle connection still looks usable: no bytes and no end of stream are waiting on it (a
     * server that closed it idle has sent its FIN, or for TLS its close_notify). Checked without blocking.
     */
    boolean stillOpen() {
        if (closed || pos != lim) {
            return false;
        }
        try {
            channel.configureBlocking(false);
            try {
                return channel.read(ByteBuffer.allocate(1)) == 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException e) {
            return false;
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do with a connection that cannot even be closed
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // as above
        }
    }

    @Override
    public String toString() {
        return "connection to " + origin;
    }

    /** Encodes a request head: the request line, {@code Host}, the given headers and the body's length. */
    static byte[] head(String method, String target, String host, List<String[]> headers, byte[] body) {
        StringBuilder h = new StringBuilder(128 + target.length());
        h.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
        for (String[] header : headers) {
            h.append(header[0]).append(": ").append(header[1]).append("\r\n");
        }
        if (body != null) {
            h.append("Content-Length: ").append(body.length).append("\r\n");
        }
        h.append("\r\n");
        byte[] headBytes = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null || body.length == 0) {
            return headBytes;
        }
        byte[] all = java.util.Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }
}
