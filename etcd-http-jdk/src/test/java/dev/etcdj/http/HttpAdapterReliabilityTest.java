package dev.etcdj.http;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static dev.etcdj.api.Option.*;
import static org.junit.jupiter.api.Assertions.*;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.etcdj.api.*;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The adapter's promises that eb789c4 broke (reliability review, findings 7, 9, 10, 13, 17, 26, 27, 29, 30). */
class HttpAdapterReliabilityTest {
    /** The transport under test: the default; {@link HttpClientTransportReliabilityTest} runs the same tests on {@code HttpClient}. */
    Transport transport() {
        return Transport.SOCKETS;
    }

    HttpAdapter.Builder builder() {
        return HttpAdapter.newBuilder().transport(transport());
    }

    final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    /** A server that accepts connections, reads, and never answers. */
    ServerSocket silent() throws IOException {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closing.add(s);
        Thread t = new Thread(() -> {
            List<Socket> held = new ArrayList<>();
            while (!s.isClosed()) {
                try {
                    held.add(s.accept());
                } catch (IOException e) {
                    break;
                }
            }
            held.forEach(h -> {
                try {
                    h.close();
                } catch (IOException ignored) {
                    // closing
                }
            });
        });
        t.setDaemon(true);
        t.start();
        return s;
    }

    String url(ServerSocket s) {
        return "http://127.0.0.1:" + s.getLocalPort();
    }

    @Test
    void closeFailsEveryCallInFlightPromptly() throws Exception {   // finding 9
        ServerSocket s = silent();
        Etcd etcd = Etcd.of(builder().endpoints(url(s)).requestTimeout(Duration.ofSeconds(30)).build());
        CompletableFuture<Got> async = etcd.async().get("/a");
        CompletableFuture<EtcdResult> wait = etcd.async().waitFor("/a");
        AtomicReference<Throwable> blocking = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                etcd.get("/b");
            } catch (Throwable e) {
                blocking.set(e);
            }
        });
        t.start();
        Thread.sleep(300);
        long start = System.nanoTime();
        etcd.close();
        Throwable a = assertThrows(Exception.class, () -> async.get(1, TimeUnit.SECONDS)).getCause();
        Throwable w = assertThrows(Exception.class, () -> wait.get(1, TimeUnit.SECONDS)).getCause();
        t.join(1000);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "all ended within 1 s");
        assertInstanceOf(EtcdClosedException.class, a);
        assertInstanceOf(EtcdClosedException.class, w);
        assertInstanceOf(EtcdClosedException.class, blocking.get());
        assertFalse(Thread.currentThread().isInterrupted());
        assertThrows(EtcdClosedException.class, () -> etcd.get("/c"));
    }

    @Test
    void userContinuationsNeverRunOnTheDeadlineThread() throws Exception {   // finding 10
        ServerSocket s = silent();
        Etcd etcd = Etcd.of(builder().endpoints(url(s)).build());
        closing.add(etcd);
        AtomicReference<String> thread = new AtomicReference<>();
        CompletableFuture<Object> chained = etcd.async().get("/a", timeout(Duration.ofMillis(200))).handle((r, e) -> {
            thread.set(Thread.currentThread().getName());
            // A blocking call from the continuation: its own deadline must still be enforced.
            return assertThrows(EtcdTimeoutException.class, () -> etcd.get("/b", timeout(Duration.ofMillis(300))));
        });
        assertInstanceOf(EtcdTimeoutException.class, chained.get(3, TimeUnit.SECONDS));
        assertNotEquals("etcdj-deadlines", thread.get());
    }

    @Test
    void blockingFailoverEndsByTheCallsDeadline() throws Exception {   // finding 13
        // A: a listener whose backlog is full, so connecting hangs until the connect timeout.
        ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        closing.add(full);
        for (int i = 0; i < 8; i++) {
            Socket c = new Socket();
            closing.add(c);
            try {
                c.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 100);
            } catch (IOException ignored) {
                // the backlog is full
            }
        }
        ServerSocket b = silent();
        Etcd etcd = Etcd.of(builder().endpoints(url(full), url(b))
                .connectTimeout(Duration.ofMillis(700)).requestTimeout(Duration.ofSeconds(1)).build());
        closing.add(etcd);
        long start = System.nanoTime();
        assertThrows(EtcdTimeoutException.class, () -> etcd.get("/a"));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 1400, "both attempts together kept the 1 s deadline, took " + millis + " ms");
    }

    @Test
    void aMemberThatCannotCommitIsLeftAndReadsMoveOn() {   // finding 17
        WireMockServer one = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        WireMockServer two = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        one.start();
        two.start();
        closing.add(one::stop);
        closing.add(two::stop);
        String error300 = "{\"errorCode\":300,\"message\":\"Raft Internal Error\",\"cause\":\"etcdserver: request timed out\",\"index\":0}\n";
        one.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500).withBody(error300)));
        two.stubFor(get(urlPathEqualTo("/v2/keys/a")).willReturn(okJson(HttpAdapterFaultsTest.EVENT)));
        two.stubFor(put(urlPathEqualTo("/v2/keys/a")).willReturn(aResponse().withStatus(500).withBody(error300)));
        Etcd etcd = Etcd.of(builder().endpoints("http://127.0.0.1:" + one.port(), "http://127.0.0.1:" + two.port()).build());
        closing.add(etcd);
        assertEquals("1", etcd.get("/a").node().asValue().value(), "the read went on to the second member");
        assertEquals("1", etcd.get("/a").node().asValue().value());
        one.verify(1, anyRequestedFor(anyUrl()));   // the second read went straight to the member that answers
        RaftInternalException e = assertThrows(RaftInternalException.class, () -> etcd.set("/a", "v"));
        assertTrue(e.mayHaveBeenApplied());
        two.verify(1, putRequestedFor(urlPathEqualTo("/v2/keys/a")));   // a write is never re-sent
    }

    @Test
    void oneDeadlineThreadPerJvmWhateverTheNumberOfAdapters() throws Exception {   // finding 26
        ServerSocket s = silent();
        for (int i = 0; i < 20; i++) {
            Etcd etcd = Etcd.of(builder().endpoints(url(s)).build());
            assertThrows(EtcdTimeoutException.class, () -> etcd.get("/a", timeout(Duration.ofMillis(20))));
            // not closed on purpose
        }
        long sweepers = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("etcdj-deadlines")).count();
        assertEquals(1, sweepers);
        assertEquals(0, dev.etcdj.http.internal.Deadlines.shared().pendingCount(), "nothing pending, so the sweeper parks");
    }

    @Test
    void endpointMessagesNeverShowAPassword() {   // finding 27
        for (String bad : List.of("https://app:s3cr@t@etcd:2379", "https://app:s3cr#t@etcd:2379",
                "https://app:s3cr/t@etcd:2379", "https://app:s3cr t@etcd:2379", "http://app:s3cr%zz@etcd:2379")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> builder().endpoints(bad));
            assertFalse(e.getMessage().contains("s3cr"), e.getMessage());
        }
    }

    @Test
    void responseLimitsAreCheckedAndBoundedByTheBody() {   // finding 29
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder().maxResponseBytes(Long.MAX_VALUE));
        assertTrue(e.getMessage().contains("2147483639"), e.getMessage());
        builder().maxResponseBytes(HttpAdapter.Builder.MAX_RESPONSE_BYTES);
    }

    @Test
    void messagesDoNotQuoteStoredValues() {   // finding 30
        WireMockServer w = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        w.start();
        closing.add(w::stop);
        w.stubFor(get(urlPathEqualTo("/v2/keys/db")).willReturn(okJson("{\"action\":\"get\",\"node\":{\"key\":\"/db\",\"value\":\"postgres://u:hunter2@db\",")));
        Etcd etcd = Etcd.of(builder().endpoints("http://127.0.0.1:" + w.port()).build());
        closing.add(etcd);
        EtcdProtocolException e = assertThrows(EtcdProtocolException.class, () -> etcd.get("/db"));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void aWriteIsNeverReSentEvenWhenTheJvmAllowsRetryingEveryMethod() throws Exception {   // finding 7
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(javaBin.toString(), "-Djdk.httpclient.enableAllMethodRetry=true",
                "-cp", System.getProperty("java.class.path"), RetryProbe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(out.contains("PUTS=1"), "the PUT reached the server once: " + out);
    }
}
