package dev.etcdj.http.internal;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** The WebSocket client against a hand-written server: what etcd's gateway never shows but may send. */
class WebSocketConnectionTest {
    private static final long SOON = TimeUnit.SECONDS.toNanos(5);

    /** Serves one connection: answers the handshake (with {@code accept}'s verdict), then runs {@code then}. */
    private static String serve(ServerSocket listener, boolean goodAccept, BiConsumer<InputStream, OutputStream> then) {
        CompletableFuture.runAsync(() -> {
            try (Socket s = listener.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                String key = null;
                for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                    if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                        key = line.substring(line.indexOf(':') + 1).trim();
                    }
                }
                String accept = goodAccept ? WebSocketConnection.expectedAccept(key) : "bm90IHRoZSBrZXk=";
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                then.accept(in, out);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new EOFException();
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    private static void frame(OutputStream out, int first, byte[] payload) {
        try {
            out.write(first);
            out.write(payload.length);   // short frames only, unmasked as a server's are
            out.write(payload);
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Reads one masked client frame: {opcode, payload}. */
    private static Object[] clientFrame(InputStream in) throws IOException {
        int first = in.read();
        int len = in.read() & 0x7f;
        byte[] mask = in.readNBytes(4);
        byte[] p = in.readNBytes(len);
        for (int i = 0; i < p.length; i++) {
            p[i] ^= mask[i & 3];
        }
        return new Object[] {first & 0x0f, new String(p, StandardCharsets.UTF_8)};
    }

    @Test
    void aFragmentedMessageIsJoinedAndAPingIsAnsweredOnTheWay() throws Exception {
        CompletableFuture<Object[]> pong = new CompletableFuture<>();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = serve(listener, true, (in, out) -> {
                frame(out, 0x01, "{\"res".getBytes(StandardCharsets.UTF_8));   // text, not final
                frame(out, 0x89, "hi".getBytes(StandardCharsets.UTF_8));       // a ping between fragments
                frame(out, 0x80, "ult\":1}".getBytes(StandardCharsets.UTF_8)); // continuation, final
                try {
                    pong.complete(clientFrame(in));
                    Thread.sleep(500);
                } catch (IOException | InterruptedException e) {
                    pong.completeExceptionally(e);
                }
            });
            try (WebSocketConnection ws = WebSocketConnection.open(url, "/v3/watch", 2000, null, System.nanoTime() + SOON, 1 << 20)) {
                assertEquals("{\"result\":1}", ws.receiveText(System.nanoTime() + SOON));
                Object[] p = pong.get(5, TimeUnit.SECONDS);
                assertEquals(0xA, p[0], "a pong");
                assertEquals("hi", p[1], "with the ping's payload");
            }
        }
    }

    @Test
    void theServersCloseIsAnEndOfStreamWithItsReason() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = serve(listener, true, (in, out) -> {
                byte[] reason = "bye".getBytes(StandardCharsets.UTF_8);
                byte[] p = new byte[2 + reason.length];
                p[0] = 0x03;
                p[1] = (byte) 0xe9;   // 1001, going away
                System.arraycopy(reason, 0, p, 2, reason.length);
                frame(out, 0x88, p);
                try {
                    clientFrame(in);   // the client's close answer
                } catch (IOException ignored) {
                    // fine
                }
            });
            try (WebSocketConnection ws = WebSocketConnection.open(url, "/v3/watch", 2000, null, System.nanoTime() + SOON, 1 << 20)) {
                EOFException e = assertThrows(EOFException.class, () -> ws.receiveText(System.nanoTime() + SOON));
                assertTrue(e.getMessage().contains("1001 bye"), e.getMessage());
            }
        }
    }

    @Test
    void aWrongAcceptKeyIsRefused() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = serve(listener, false, (in, out) -> { });
            WebSocketConnection.UpgradeRefusedException e = assertThrows(WebSocketConnection.UpgradeRefusedException.class,
                    () -> WebSocketConnection.open(url, "/v3/watch", 2000, null, System.nanoTime() + SOON, 1 << 20));
            assertTrue(e.getMessage().contains("accept key"), e.getMessage());
        }
    }

    @Test
    void aMessageOverTheLimitIsRefused() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = serve(listener, true, (in, out) -> frame(out, 0x81, new byte[100]));
            try (WebSocketConnection ws = WebSocketConnection.open(url, "/v3/watch", 2000, null, System.nanoTime() + SOON, 50)) {
                IOException e = assertThrows(IOException.class, () -> ws.receiveText(System.nanoTime() + SOON));
                assertTrue(e.getMessage().contains("over the limit of 50 bytes"), e.getMessage());
            }
        }
    }
}
