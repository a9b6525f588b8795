package dev.etcdj.testkit;

import static dev.etcdj.api.Option.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.*;
import dev.etcdj.api.spi.EtcdRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the fake adds for tests: time under control, inspection, faults. */
class FakeEtcdTest {
    final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    final FakeEtcd fake = FakeEtcd.newBuilder().clock(clock).build();
    final Etcd etcd = fake.client();

    @AfterEach
    void close() {
        etcd.close();
        fake.close();
    }

    @Test
    void startsWhereAFreshEtcdStarts() {
        assertEquals(3, fake.index());
        assertEquals(4, etcd.set("/a", "1").node().modifiedIndex());
        Got root = etcd.get("/");
        assertEquals("/", root.node().key());
        assertEquals(0, root.node().modifiedIndex());
    }

    @Test
    void ttlsExpireExactlyWhenTheClockSaysWithTheirEvents() throws Exception {
        EtcdResult set = etcd.set("/lease", "me", ttl(Duration.ofSeconds(10)));
        assertEquals(Instant.parse("2026-01-01T00:00:10Z"), set.node().expiration().orElseThrow());
        CompletableFuture<EtcdResult> expiry = etcd.async().waitFor("/lease", afterIndex(set.etcdIndex()));
        clock.advance(Duration.ofSeconds(4));
        assertEquals(Duration.ofSeconds(6), etcd.get("/lease").node().ttl().orElseThrow());
        clock.advance(Duration.ofMillis(5999));
        assertTrue(etcd.exists("/lease"), "not expired a millisecond early");
        clock.advance(Duration.ofMillis(1));
        Expired e = assertInstanceOf(Expired.class, expiry.get(5, TimeUnit.SECONDS));
        assertEquals(set.etcdIndex() + 1, e.node().modifiedIndex(), "an expiry consumes an index");
        assertFalse(etcd.exists("/lease"));
    }

    @Test
    void refreshKeepsItAliveAndTellsNoWatcher() {
        etcd.set("/lease", "me", ttl(Duration.ofSeconds(10)));
        clock.advance(Duration.ofSeconds(9));
        etcd.refresh("/lease", Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(9));
        assertEquals("me", etcd.get("/lease").node().asValue().value());
    }

    @Test
    void dumpShowsEverythingIncludingHiddenNodes() {
        etcd.set("/b/_hidden", "h");
        etcd.set("/a", "1", ttl(Duration.ofSeconds(5)));
        assertEquals("/a = \"1\" [created 5, modified 5, expires 2026-01-01T00:00:05Z]\n"
                + "/b/ [created 4, modified 4]\n"
                + "/b/_hidden = \"h\" [created 4, modified 4]\n", fake.dump());
    }

    @Test
    void requestsAreRecordedAndFaultsInjected() {
        etcd.set("/a", "1");
        fake.failNext(EtcdRequest::isWrite, new EtcdConnectionException("injected", null, true));
        EtcdConnectionException e = assertThrows(EtcdConnectionException.class, () -> etcd.set("/a", "2"));
        assertEquals("injected", e.getMessage());
        assertEquals("1", etcd.get("/a").node().asValue().value(), "the failed write was not applied");
        etcd.set("/a", "3");
        assertEquals(4, fake.requests().size());
        assertEquals("2", fake.requests().get(1).value());
        fake.clearRequests();
        assertTrue(fake.requests().isEmpty());
    }

    @Test
    void indexCanJumpForActivityTheFakeDoesNotModel() {
        fake.bumpIndex(100);
        assertEquals(104, etcd.set("/a", "1").etcdIndex());
    }

    @Test
    void aWatchFarBehindCatchesUpFromHistoryWithoutLosingEvents() throws Exception {
        EtcdResult start = etcd.set("/w", "0");
        try (Watch watch = etcd.watch("/w", 1, afterIndex(start.etcdIndex()))) {
            for (int i = 1; i <= 150; i++) {
                etcd.set("/w", Integer.toString(i));
            }
            for (int i = 1; i <= 150; i++) {
                WatchEvent.Change c = (WatchEvent.Change) watch.poll(Duration.ofSeconds(5)).orElseThrow();
                assertEquals(Integer.toString(i), c.result().node().asValue().value());
            }
        }
    }

    @Test
    void closedAdaptersRefuseWork() {
        etcd.close();
        assertTrue(assertThrows(dev.etcdj.api.EtcdClosedException.class, () -> etcd.get("/a")).getMessage()
                .startsWith("GET /a: the adapter is closed"));
        try (Etcd other = fake.client()) {
            assertFalse(other.exists("/a"), "other clients of the fake go on");
        }
    }

    @Test
    void unsortedListingsComeInASeededOrderAsEtcdsGoMapOrder() {
        java.util.function.LongFunction<java.util.List<String>> listing = seed -> {
            try (FakeEtcd f = FakeEtcd.newBuilder().seed(seed).build(); Etcd e = f.client()) {
                for (int i = 0; i < 12; i++) {
                    e.set("/dir/k" + i, "v");
                }
                return e.get("/dir").node().asDirectory().children().stream().map(dev.etcdj.api.Node::name).toList();
            }
        };
        java.util.List<String> inserted = java.util.stream.IntStream.range(0, 12).mapToObj(i -> "k" + i).toList();
        assertEquals(listing.apply(7), listing.apply(7), "the same seed gives the same order");
        assertNotEquals(inserted, listing.apply(7), "not the insertion order");
        assertNotEquals(listing.apply(7), listing.apply(8));
        try (FakeEtcd f = FakeEtcd.newBuilder().seed(7).build(); Etcd e = f.client()) {
            for (int i = 0; i < 12; i++) {
                e.set("/dir/k" + i, "v");
            }
            assertEquals(inserted.stream().sorted().toList(), e.get("/dir", dev.etcdj.api.Option.sorted()).node().asDirectory()
                    .children().stream().map(dev.etcdj.api.Node::name).toList(), "sorted() still sorts");
            assertTrue(f.toString().contains("seed=7"), f.toString());
        }
    }

    @Test
    void aMemberAddedAndNotStartedTakesTheQuorumAwayUntilItStarts() throws Exception {
        try (FakeEtcd f = FakeEtcd.create(); Etcd etcd = f.client()) {
            etcd.set("/k", "v");
            dev.etcdj.api.admin.Member added = etcd.cluster().addMember(java.net.URI.create("http://127.0.0.1:2390"));
            assertThrows(RaftInternalException.class, () -> etcd.set("/k", "w"), "2 voters, 1 started: nothing commits");
            assertThrows(RaftInternalException.class, () -> etcd.get("/k", quorum()));
            assertEquals("v", etcd.get("/k").node().asValue().value(), "a plain read is served locally");
            EtcdAdminException refused = assertThrows(EtcdAdminException.class,
                    () -> etcd.cluster().addMember(java.net.URI.create("http://127.0.0.1:2391")));
            assertEquals(EtcdAdminException.Kind.UNAVAILABLE, refused.kind(), "etcd's strict reconfig check");
            try (FakeEtcdServer second = FakeEtcdServer.startMember(f, added.id(), "n2")) {
                etcd.set("/k", "w");   // the added member started: a majority again
                assertEquals("w", etcd.get("/k", quorum()).node().asValue().value());
                assertTrue(etcd.cluster().members().stream().anyMatch(m -> m.name().equals("n2")
                        && m.clientUrls().equals(java.util.List.of(java.net.URI.create(second.url())))));
            }
        }
    }
}
