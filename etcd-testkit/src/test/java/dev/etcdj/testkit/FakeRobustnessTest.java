package dev.etcdj.testkit;

import static dev.etcdj.api.Option.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdClosedException;
import dev.etcdj.api.EtcdException;
import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.Watch;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fake's promises that eb789c4 broke (reliability review, findings 9, 20-22, 25, 28, 30). */
class FakeRobustnessTest {

    @Test
    void anOversizedFormIsRefusedAsGoRefusesItNotTruncated() throws Exception {   // finding 20
        try (FakeEtcdServer server = FakeEtcdServer.start()) {
            String value = "x".repeat((10 << 20) + 1024);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + "/v2/keys/big"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .PUT(HttpRequest.BodyPublishers.ofString("value=" + value)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode());
            assertEquals("{\"errorCode\":210,\"message\":\"Invalid POST form\",\"cause\":\"http: POST too large\",\"index\":0}\n", r.body());
            try (Etcd etcd = server.client()) {
                assertThrows(KeyNotFoundException.class, () -> etcd.get("/big"), "nothing was stored");
            }
        }
    }

    @Test
    void veryDeepKeysNeitherOverflowNorHalfDeleteNorStopTheSweeper() {   // finding 21
        try (FakeEtcd fake = FakeEtcd.create(); Etcd etcd = fake.client()) {
            String deep = "/a".repeat(20_000) + "/x";
            etcd.set(deep, "v", ttl(Duration.ofSeconds(1)));
            try {
                assertEquals("/a", etcd.get("/a", recursive()).node().key());
            } catch (EtcdException e) {
                assertTrue(e.getMessage().contains("cannot walk a tree this deep"), e.getMessage());
            }
            etcd.set("/short", "s", ttl(Duration.ofSeconds(1)));
            etcd.delete("/a", recursive());
            assertThrows(KeyNotFoundException.class, () -> etcd.get("/a"), "removed whole");
            assertTrue(fake.store().dump().nodes().stream().noneMatch(n -> n.key().startsWith("/a")));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < until && fake.store().hasTtlNodes()) {
                sleep(100);
            }
            assertThrows(KeyNotFoundException.class, () -> etcd.get("/short"), "the sweeper still expires keys");
        }
    }

    @Test
    void aClosedFakeRefusesWritesCleanlyAndAServerSharingItKeepsWorking() throws Exception {   // findings 9, 22
        FakeEtcd fake = FakeEtcd.create();
        Etcd etcd = fake.client();
        CompletableFuture<?> wait = etcd.async().waitFor("/k");
        Watch watch = etcd.watch("/k");
        try (FakeEtcdServer server = FakeEtcdServer.start(fake); Etcd http = server.client()) {
            fake.close();
            assertInstanceOf(EtcdClosedException.class, assertThrows(Exception.class, () -> wait.get(1, TimeUnit.SECONDS)).getCause());
            assertThrows(EtcdClosedException.class, () -> assertTimeoutPreemptively(Duration.ofSeconds(1), watch::next));
            assertThrows(EtcdClosedException.class, () -> etcd.set("/k", "refused"));
            http.set("/k", "1");
            http.set("/k", "2");
            assertEquals("2", http.get("/k").node().asValue().value());
        }
    }

    @Test
    void finishedWaitsLeaveNoTimerTaskBehind() {   // finding 25
        try (FakeEtcd fake = FakeEtcd.create(); Etcd etcd = fake.client()) {
            for (int i = 0; i < 200; i++) {
                CompletableFuture<?> w = etcd.async().waitFor("/busy", timeout(Duration.ofMinutes(5)));
                etcd.set("/busy", Integer.toString(i));
                w.join();
            }
            // The cancel runs in the wait's own completion callback, which may still be running on the fake's
            // watch thread when join() returns: give it a moment, but every task must go.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (fake.pendingWaitTimeouts() > 0 && System.nanoTime() < until) {
                sleep(10);
            }
            assertEquals(0, fake.pendingWaitTimeouts(), "each wait's timeout task is cancelled when it completes");
        }
    }

    @Test
    void aSlowClientIsDisconnected() throws Exception {   // finding 28
        try (FakeEtcdServer server = FakeEtcdServer.start();
             Socket s = new Socket(InetAddress.getLoopbackAddress(), URI.create(server.url()).getPort())) {
            OutputStream out = s.getOutputStream();
            out.write("GET /v2/keys/a HTTP/1.1\r\nX: ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long limit = dev.etcdj.testkit.internal.GoHttpServer.REQUEST_TIMEOUT_MILLIS;
            s.setSoTimeout((int) limit + 10_000);
            InputStream in = s.getInputStream();
            long start = System.nanoTime();
            assertEquals(-1, in.read(), "the server closed the connection");
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(limit + 3_000));
        }
    }

    @Test
    void anAbandonedLongPollReleasesItsWatcherAndThread() throws Exception {   // finding 24
        try (FakeEtcdServer server = FakeEtcdServer.start(); Etcd etcd = server.client()) {
            for (int i = 0; i < 20; i++) {
                assertThrows(dev.etcdj.api.EtcdTimeoutException.class,
                        () -> etcd.waitFor("/quiet", timeout(Duration.ofMillis(50))));
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < until && server.fake().store().watcherCount() > 0) {
                sleep(50);
            }
            assertEquals(0, server.fake().store().watcherCount(), "every abandoned poll let go of its watcher");
        }
    }

    @Test
    void aManualClockInAnotherZoneMovesWithTheOriginal() {   // finding 30
        ManualClock clock = ManualClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
        java.time.Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        clock.advance(Duration.ofSeconds(5));
        assertEquals(Instant.parse("2026-01-01T00:00:05Z"), paris.instant());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
