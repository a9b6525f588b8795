package dev.etcdj.http;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdInterruptedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What the blocking-socket transport promises beyond what both transports' shared tests check. */
class SocketTransportTest {
    static final String EVENT = "{\"action\":\"set\",\"node\":{\"key\":\"/a\",\"value\":\"v\",\"modifiedIndex\":5,"
            + "\"createdIndex\":5}}\n";

    /**
     * A server that answers every request on a connection with {@link #EVENT}, then closes the connection
     * after {@code answersPerConnection} answers without saying so (no {@code Connection: close}), as a
     * server closing idle keep-alive connections does. Counts connections.
     */
    static ServerSocket closingServer(int answersPerConnection, AtomicInteger connections) throws IOException {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try (Socket c = s.accept()) {
                    connections.incrementAndGet();
                    InputStream in = c.getInputStream();
                    OutputStream out = c.getOutputStream();
                    for (int i = 0; i < answersPerConnection; i++) {
                        if (!readRequest(in)) {
                            break;
                        }
                        byte[] body = EVENT.getBytes(StandardCharsets.UTF_8);
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Etcd-Index: 5\r\n"
                                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body);
                        out.flush();
                    }
                } catch (IOException e) {
                    // the next connection
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return s;
    }

    /** Reads a request's head and its Content-Length body; false at the end of the stream. */
    static boolean readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            head.append((char) c);
            if (head.toString().endsWith("\r\n\r\n")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
                if (m.find()) {
                    in.readNBytes(Integer.parseInt(m.group(1)));
                }
                return true;
            }
        }
        return false;
    }

    @Test
    void aWriteOnAConnectionTheServerClosedWhileIdleGoesOnANewOneAndSucceeds() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket s = closingServer(1, connections);
             Etcd etcd = Etcd.of(HttpAdapter.newBuilder().endpoints("http://127.0.0.1:" + s.getLocalPort()).build())) {
            etcd.set("/a", "v");
            Thread.sleep(400);   // idle long enough to be checked before reuse
            assertEquals("v", etcd.set("/a", "v").node().asValue().value(),
                    "the closed connection was noticed before the write was sent on it");
            assertEquals(2, connections.get());
        }
    }

    @Test
    void anInterruptEndsABlockingCallAtOnceWithTheStatusKept() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Etcd etcd = Etcd.of(HttpAdapter.newBuilder().endpoints("http://127.0.0.1:" + silent.getLocalPort())
                     .requestTimeout(Duration.ofSeconds(30)).build())) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicReference<Boolean> interrupted = new AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    etcd.get("/a");
                } catch (Throwable e) {
                    failure.set(e);
                    interrupted.set(Thread.currentThread().isInterrupted());
                }
            });
            caller.start();
            Thread.sleep(300);   // connected (the backlog accepts) and waiting for an answer that never comes
            long start = System.nanoTime();
            caller.interrupt();
            caller.join(2000);
            assertFalse(caller.isAlive());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "ended at once, not at the deadline");
            assertInstanceOf(EtcdInterruptedException.class, failure.get());
            assertTrue(interrupted.get(), "the interrupt status is kept");
        }
    }

    @Test
    void closeEndsTheTransportsThreads() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Etcd etcd = Etcd.of(HttpAdapter.newBuilder().endpoints("http://127.0.0.1:" + silent.getLocalPort()).build());
            CompletableFuture<?> wait = etcd.async().waitFor("/a");   // holds a transport thread while it waits
            Thread.sleep(300);
            assertTrue(transportThreads() > 0);
            etcd.close();
            assertThrows(Exception.class, () -> wait.get(1, TimeUnit.SECONDS));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (transportThreads() > 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals(0, transportThreads(), "every etcdj-socket thread ended");
        }
    }

    static long transportThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("etcdj-socket-")).count();
    }

    @Test
    void socketsAreTheDefaultAndAnHttpClientOrExecutorChoosesHttpClient() {
        assertEquals(Transport.SOCKETS, HttpAdapter.newBuilder().transport());
        assertEquals(Transport.HTTP_CLIENT, HttpAdapter.newBuilder().executor(Runnable::run).transport());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> HttpAdapter.newBuilder()
                .endpoints("http://127.0.0.1:2379").transport(Transport.SOCKETS).executor(Runnable::run).build());
        assertEquals("transport(SOCKETS) makes its own connections and threads: it cannot be combined with executor(...)",
                e.getMessage());
    }
}
