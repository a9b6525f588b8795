package dev.etcdj.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/**
 * A WebSocket client connection (RFC 6455) on the blocking sockets of {@link SocketConnection}: the
 * opening handshake with its accept key checked, masked text frames out, text messages in (fragments
 * joined, pings answered, the server's close reported as {@link EOFException}). What etcd's gateway needs
 * for a full-duplex watch; no extensions, no sub-protocol. One reader thread and any number of writers
 * (sends are serialised); {@link #close()} from any thread wakes the reader.
 */
public final class WebSocketConnection implements TextStream {
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SocketConnection connection;
    private final long maxMessageBytes;
    private final Object writeLock = new Object();
    private final byte[] head = new byte[8];

    private WebSocketConnection(SocketConnection connection, long maxMessageBytes) {
        this.connection = connection;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Connects to {@code endpoint} (http or https) and upgrades {@code path} to a WebSocket.
     *
     * @param endpoint the server, such as {@code http://127.0.0.1:2379}
     * @param path the resource, such as {@code /v3/watch}
     * @param connectTimeoutMillis the limit of the TCP connect and the TLS handshake
     * @param tls the TLS context for https
     * @param deadlineAt when the handshake's answer must have come, in {@link System#nanoTime()}
     * @param maxMessageBytes the largest message accepted
     * @return the open connection
     * @throws java.net.ConnectException or another {@link IOException} if the connection failed before the
     *     request was sent; {@link UpgradeRefusedException} if the server answered without upgrading
     */
    public static WebSocketConnection open(String endpoint, String path, int connectTimeoutMillis, SSLContext tls,
                                           long deadlineAt, long maxMessageBytes) throws IOException {
        URI uri = URI.create(endpoint);
        String origin = uri.getScheme() + "://" + uri.getAuthority();
        SocketConnection c = SocketConnection.open(uri, origin, connectTimeoutMillis, tls);
        try {
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            List<String[]> headers = new ArrayList<>();
            headers.add(new String[] {"Upgrade", "websocket"});
            headers.add(new String[] {"Connection", "Upgrade"});
            headers.add(new String[] {"Sec-WebSocket-Key", key});
            headers.add(new String[] {"Sec-WebSocket-Version", "13"});
            c.write(SocketConnection.head("GET", path, uri.getAuthority(), headers, null));
            String status = c.readLine(deadlineAt);
            String accept = null;
            boolean upgraded = false;
            for (String line = c.readLine(deadlineAt); !line.isEmpty(); line = c.readLine(deadlineAt)) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (name.equals("sec-websocket-accept")) {
                    accept = value;
                } else if (name.equals("upgrade")) {
                    upgraded = value.equalsIgnoreCase("websocket");
                }
            }
            if (!status.startsWith("HTTP/1.1 101")) {
                throw new UpgradeRefusedException(origin + path + " answered '" + status + "' instead of switching to WebSocket");
            }
            if (!upgraded || !expectedAccept(key).equals(accept)) {
                throw new UpgradeRefusedException(origin + path + " switched protocols without a valid WebSocket"
                        + " accept key (Sec-WebSocket-Accept: " + accept + ")");
            }
            return new WebSocketConnection(c, maxMessageBytes);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The server answered the handshake without switching to WebSocket. */
    public static final class UpgradeRefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        UpgradeRefusedException(String message) {
            super(message);
        }
    }

    static String expectedAccept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    @Override
    public boolean fullDuplex() {
        return true;
    }

    /** Sends {@code text} as one text message. */
    @Override
    public void sendText(String text) throws IOException {
        send(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    private void send(int opcode, byte[] payload) throws IOException {
        int n = payload.length;
        int headLength = n < 126 ? 2 : n <= 0xffff ? 4 : 10;
        byte[] frame = new byte[headLength + 4 + n];
        frame[0] = (byte) (0x80 | opcode);
        if (n < 126) {
            frame[1] = (byte) (0x80 | n);
        } else if (n <= 0xffff) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (n >>> 8);
            frame[3] = (byte) n;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
            }
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        System.arraycopy(mask, 0, frame, headLength, 4);
        for (int i = 0; i < n; i++) {
            frame[headLength + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        synchronized (writeLock) {
            connection.write(frame);
        }
    }

    /**
     * Reads the next text message, answering pings on the way.
     *
     * @param deadlineAt when to give up waiting for a message to begin, in {@link System#nanoTime()}, or 0
     *     for never; a message begun has 30 s more at least
     * @return the message
     * @throws HttpTimeoutException if the deadline passed first
     * @throws EOFException if the server closed the WebSocket or the connection
     * @throws IOException if the server broke the protocol or the connection failed
     */
    @Override
    public String receiveText(long deadlineAt) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        boolean inMessage = false;
        long until = deadlineAt;
        while (true) {
            readFully(head, 2, until);
            // a message begun is read whole, with 30 s more at least, so that a deadline never cuts a frame in two
            until = deadlineAt == 0 ? 0 : Math.max(deadlineAt, System.nanoTime() + BEGUN_MESSAGE_NANOS);
            boolean fin = (head[0] & 0x80) != 0;
            int opcode = head[0] & 0x0f;
            if ((head[0] & 0x70) != 0 || (head[1] & 0x80) != 0) {
                throw new IOException("a WebSocket frame from the server with reserved bits or a mask (RFC 6455 §5.2)");
            }
            long length = head[1] & 0x7f;
            if (length == 126) {
                readFully(head, 2, until);
                length = (head[0] & 0xffL) << 8 | head[1] & 0xffL;
            } else if (length == 127) {
                readFully(head, 8, until);
                length = ByteBuffer.wrap(head).getLong();
            }
            if (length < 0 || message.size() + length > maxMessageBytes) {
                throw new IOException("a WebSocket message over the limit of " + maxMessageBytes + " bytes");
            }
            byte[] payload = new byte[(int) length];
            readFully(payload, payload.length, until);
            switch (opcode) {
                case 0x0, 0x1, 0x2 -> {
                    if ((opcode == 0x0) != inMessage) {
                        throw new IOException("a WebSocket " + (inMessage ? "new message inside a fragmented one"
                                : "continuation frame with no message to continue"));
                    }
                    message.write(payload, 0, payload.length);
                    inMessage = !fin;
                    if (fin) {
                        return message.toString(StandardCharsets.UTF_8);
                    }
                }
                case 0x8 -> {
                    String why = payload.length >= 2 ? ((payload[0] & 0xff) << 8 | payload[1] & 0xff)
                            + (payload.length > 2 ? " " + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "")
                            : "no status";
                    try {
                        send(0x8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                    } catch (IOException ignored) {
                        // the server is gone already
                    }
                    throw new EOFException("the server closed the WebSocket (" + why + ")");
                }
                case 0x9 -> send(0xA, payload);
                case 0xA -> {
                    // an unsolicited pong: nothing to do
                }
                default -> throw new IOException("a WebSocket frame with the unknown opcode " + opcode);
            }
        }
    }

    private void readFully(byte[] into, int n, long deadlineAt) throws IOException {
        int done = 0;
        while (done < n) {
            ByteBuffer b = connection.read(n - done, deadlineAt);
            if (!b.hasRemaining()) {
                throw new EOFException("the connection closed in the middle of the WebSocket");
            }
            int k = b.remaining();
            b.get(into, done, k);
            done += k;
        }
    }

    /** Sends a close frame if it can, then closes the connection, waking a reader. Idempotent. */
    @Override
    public void close() {
        if (!connection.isClosed()) {
            try {
                send(0x8, new byte[] {0x03, (byte) 0xe8});   // 1000, normal closure
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        connection.close();
    }

    @Override
    public String toString() {
        return "WebSocket over " + connection;
    }
}
