package dev.etcdj.v3.http;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.v3.EtcdV3;
import dev.etcdj.v3.Watch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A watch stream that goes silent (a member without a leader, a half-open connection) is noticed and replaced. */
class WatchHeartbeatTest {
    /** Serves each connection {@code socket} accepts on a daemon thread of its own, until it is closed. */
    static void acceptEach(ServerSocket socket, java.util.function.Consumer<Socket> serve) {
        Thread t = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    Thread w = new Thread(() -> serve.accept(s));
                    w.setDaemon(true);
                    w.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    /** Accepts WebSockets, answers each creation, then never says anything again. */
    static final class SilentServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger connections = new AtomicInteger();

        SilentServer() throws IOException {
            acceptEach(socket, s -> {
                connections.incrementAndGet();
                serve(s);
            });
        }

        void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                String key = null;
                for (String line = line(in); !line.isEmpty(); line = line(in)) {
                    if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                        key = line.substring(line.indexOf(':') + 1).trim();
                    }
                }
                String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                        .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                skipFrame(in);   // the create request
                byte[] created = "{\"result\":{\"header\":{\"revision\":\"7\"},\"created\":true}}".getBytes(StandardCharsets.UTF_8);
                out.write(0x81);
                out.write(created.length);
                out.write(created);
                out.flush();
                while (true) {
                    skipFrame(in);   // progress requests, unanswered
                }
            } catch (Exception e) {
                // the client went away
            }
        }

        static void skipFrame(InputStream in) throws IOException {
            if (in.read() < 0) {
                throw new IOException("closed");
            }
            int len = in.read() & 0x7f;
            if (len == 126) {
                len = in.read() << 8 | in.read();
            }
            in.readNBytes(4 + len);
        }

        static String line(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) {
                    throw new IOException("closed");
                }
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.US_ASCII);
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Answers an authentication, and each POST watch with its creation, then nothing. */
    static final class SilentPostServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger watches = new AtomicInteger();

        SilentPostServer() throws IOException {
            acceptEach(socket, this::serve);
        }

        void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                while (true) {
                    String request = SilentServer.line(in);
                    int length = 0;
                    for (String h = SilentServer.line(in); !h.isEmpty(); h = SilentServer.line(in)) {
                        if (h.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(h.substring(15).trim());
                        }
                    }
                    in.readNBytes(length);
                    if (request.startsWith("POST /v3/auth/authenticate")) {
                        byte[] b = "{\"header\":{},\"token\":\"tok.1\"}".getBytes(StandardCharsets.UTF_8);
                        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(b);
                        out.flush();
                        continue;
                    }
                    watches.incrementAndGet();
                    String created = "{\"result\":{\"header\":{\"revision\":\"7\"},\"created\":true}}\n";
                    out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(created.length())
                            + "\r\n" + created + "\r\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    while (in.read() >= 0) {
                        // silent until the client goes
                    }
                    return;
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aQuietPostWatchIsOpenedAgainFromWhereItWas() throws Exception {
        try (SilentPostServer server = new SilentPostServer();
             EtcdV3 etcd = EtcdV3.of(GatewayAdapter.newBuilder().endpoints(server.url()).credentials("u", "pw".toCharArray())
                     .watchHeartbeat(Duration.ofMillis(50)).build());
             Watch w = etcd.watch("/k")) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.watches.get() < 3 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertTrue(server.watches.get() >= 3, "reopened after each quiet spell: " + server.watches.get());
            assertFalse(w.isEnded());
            assertEquals(8, w.nextRevision(), "from where it was");
        }
    }

    @Test
    void aStreamThatAnswersNoProgressRequestIsReplacedByANewOne() throws Exception {
        try (SilentServer server = new SilentServer();
             EtcdV3 etcd = EtcdV3.of(GatewayAdapter.newBuilder().endpoints(server.url())
                     .watchHeartbeat(Duration.ofMillis(200)).build());
             Watch w = etcd.watch("/k")) {
            assertEquals(8, w.nextRevision(), "from the revision after the creation's");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.connections.get() < 3 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertTrue(server.connections.get() >= 3, "a new stream after each silent one: " + server.connections.get());
            assertTrue(w.resumes() >= 2, w.toString());
            assertFalse(w.isEnded(), "a silent stream is replaced, the watch goes on");
            assertEquals(8, w.nextRevision(), "and resumes where it was");
        }
    }
}
