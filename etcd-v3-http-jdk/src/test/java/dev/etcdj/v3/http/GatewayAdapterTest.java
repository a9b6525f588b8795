package dev.etcdj.v3.http;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.EtcdClosedException;
import dev.etcdj.api.EtcdConnectionException;
import dev.etcdj.api.EtcdTimeoutException;
import dev.etcdj.v3.EtcdV3;
import dev.etcdj.v3.EtcdV3ServerException;
import dev.etcdj.v3.GrpcCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The attempt rules, against raw loopback servers that drop, stall or answer. */
class GatewayAdapterTest {
    /** Reads each request whole, then answers with {@code answer(path)}: null drops the connection, "" never answers. */
    static final class Server implements AutoCloseable {
        final ServerSocket socket;
        final List<String> paths = new CopyOnWriteArrayList<>();
        final List<Socket> open = new CopyOnWriteArrayList<>();

        Server(Function<String, String> answer) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        open.add(s);
                        Thread w = new Thread(() -> serve(s, answer));
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

        void serve(Socket s, Function<String, String> answer) {
            try (s) {
                InputStream in = s.getInputStream();
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    int length = 0;
                    for (String line : head.split("\r\n")) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    in.readNBytes(length);
                    String path = head.split(" ")[1];
                    paths.add(path);
                    String body = answer.apply(path);
                    if (body == null) {
                        return;
                    }
                    if (body.isEmpty()) {
                        Thread.sleep(60_000);
                        return;
                    }
                    int status = body.startsWith("{\"code\"") ? 503 : 200;
                    s.getOutputStream().write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: "
                            + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException | InterruptedException e) {
                // the client left
            }
        }

        static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1) {
                b.write(c);
                String s = b.toString(StandardCharsets.ISO_8859_1);
                if (s.endsWith("\r\n\r\n")) {
                    return s;
                }
            }
            return null;
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }

    static final String RANGE = "{\"header\":{\"revision\":\"3\"},\"kvs\":[{\"key\":\"L2s=\",\"value\":\"dg==\"}],\"count\":\"1\"}";
    final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

    Server server(Function<String, String> answer) throws IOException {
        Server s = new Server(answer);
        closing.add(s);
        return s;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    EtcdV3 client(Duration timeout, String... urls) {
        EtcdV3 etcd = EtcdV3.of(GatewayAdapter.newBuilder().endpoints(urls).requestTimeout(timeout).build());
        closing.add(etcd);
        return etcd;
    }

    @Test
    void aWriteWhoseAnswerWasLostIsNeverSentAgain() throws IOException {
        Server dropping = server(path -> null);
        Server good = server(path -> RANGE);
        EtcdConnectionException e = assertThrows(EtcdConnectionException.class,
                () -> client(Duration.ofSeconds(5), dropping.url(), good.url()).put("/k", "v"));
        assertTrue(e.mayHaveBeenApplied(), e.getMessage());
        assertTrue(e.getMessage().startsWith("connection lost during put /k at " + dropping.url()), e.getMessage());
        assertEquals(List.of("/v3/kv/put"), dropping.paths, "sent once");
        assertEquals(List.of(), good.paths, "and never to the next endpoint");
    }

    @Test
    void aReadWhoseAnswerWasLostIsTriedOnTheNextEndpoint() throws IOException {
        Server dropping = server(path -> null);
        Server good = server(path -> RANGE);
        assertEquals("v", client(Duration.ofSeconds(5), dropping.url(), good.url()).get("/k").first().orElseThrow()
                .value().asString());
        assertEquals(List.of("/v3/kv/range"), good.paths);
    }

    @Test
    void anUnavailableMemberIsLeftForTheNextOneOnReadsOnly() throws IOException {
        String noLeader = "{\"code\":14,\"message\":\"etcdserver: no leader\"}";
        Server leaderless = server(path -> noLeader);
        Server good = server(path -> RANGE);
        EtcdV3 etcd = client(Duration.ofSeconds(5), leaderless.url(), good.url());
        assertEquals(1, etcd.get("/k").count());
        EtcdV3 onlyLeaderless = client(Duration.ofSeconds(5), leaderless.url());
        EtcdV3ServerException e = assertThrows(EtcdV3ServerException.class, () -> onlyLeaderless.put("/k", "v"));
        assertEquals(GrpcCode.UNAVAILABLE, e.code());
        assertEquals(503, e.httpStatus());
    }

    @Test
    void everyCallHasADeadline() throws IOException {
        Server stalling = server(path -> "");
        long start = System.nanoTime();
        EtcdTimeoutException e = assertThrows(EtcdTimeoutException.class,
                () -> client(Duration.ofMillis(300), stalling.url()).put("/k", "v"));
        assertEquals("put /k did not complete within PT0.3S; the write may still have been applied", e.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void closeEndsACallInFlight() throws Exception {
        Server stalling = server(path -> "");
        EtcdV3 etcd = client(Duration.ofSeconds(60), stalling.url());
        CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
            try {
                etcd.get("/k");
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        while (stalling.paths.isEmpty()) {
            Thread.sleep(5);
        }
        etcd.close();
        Throwable e = failure.get(10, TimeUnit.SECONDS);
        assertInstanceOf(EtcdClosedException.class, e);
        assertTrue(e.getMessage().startsWith("range /k at " + stalling.url() + ": the client is closed"), e.getMessage());
        assertThrows(EtcdClosedException.class, () -> etcd.get("/k"));
    }
}
