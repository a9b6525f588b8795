package dev.etcdj.tests;

import static dev.etcdj.v3.KvOption.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.v3.ByteSequence;
import dev.etcdj.v3.EtcdV3;
import dev.etcdj.v3.Lease;
import dev.etcdj.v3.Op;
import dev.etcdj.v3.Watch;
import dev.etcdj.v3.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Watches: what a user sees of etcd's changes, on each server by a subclass. */
abstract class V3WatchSuite {
    EtcdV3 etcd;
    String root;

    abstract EtcdV3 client();

    @BeforeEach
    void open() {
        etcd = client();
        root = RealEtcd.unique("v3-watch");
    }

    @AfterEach
    void closeClient() {
        etcd.close();
    }

    static WatchEvent next(Watch w) {
        return w.poll(Duration.ofSeconds(10)).orElseThrow(() -> new AssertionError("no event within 10 s: " + w));
    }

    static String describe(WatchEvent e) {
        if (e instanceof WatchEvent.Put p) {
            return "put " + p.kv().key().asString() + "=" + p.kv().value().asString() + "@" + p.revision()
                    + p.prev().map(kv -> " was " + kv.value().asString()).orElse("");
        }
        if (e instanceof WatchEvent.Delete d) {
            return "delete " + d.key().asString() + "@" + d.revision() + d.prev().map(kv -> " was " + kv.value().asString()).orElse("");
        }
        return e.toString();
    }

    @Test
    void writesAndDeletesArriveInOrderWithTheirRevisions() {
        try (Watch w = etcd.watch(root + "/", prefix())) {
            long a = etcd.put(root + "/a", "1").header().revision();
            long b = etcd.put(root + "/b", "2").header().revision();
            etcd.put(root + "-elsewhere", "x");
            long gone = etcd.delete(root + "/a").header().revision();
            assertEquals("put " + root + "/a=1@" + a, describe(next(w)));
            assertEquals("put " + root + "/b=2@" + b, describe(next(w)));
            assertEquals("delete " + root + "/a@" + gone, describe(next(w)));
            assertEquals(gone + 1, w.nextRevision());
            assertTrue(w.poll(Duration.ofMillis(200)).isEmpty(), "nothing outside the prefix");
        }
    }

    @Test
    void aWatchFromAPastRevisionReplaysTheHistoryWithThePreviousValues() {
        long first = etcd.put(root + "/k", "1").header().revision();
        etcd.put(root + "/k", "2");
        etcd.delete(root + "/k");
        try (Watch w = etcd.watch(root + "/k", fromRevision(first), prevKv())) {
            assertEquals("put " + root + "/k=1@" + first, describe(next(w)));
            assertEquals("put " + root + "/k=2@" + (first + 1) + " was 1", describe(next(w)));
            assertEquals("delete " + root + "/k@" + (first + 2) + " was 2", describe(next(w)));
            etcd.put(root + "/k", "3");
            WatchEvent.Put again = (WatchEvent.Put) next(w);
            assertEquals(1, again.kv().version(), "a new generation of the key");
        }
    }

    @Test
    void filtersLeaveOutWritesOrDeletes() {
        try (Watch puts = etcd.watch(root + "/", prefix(), noDelete());
             Watch deletes = etcd.watch(root + "/", prefix(), noPut())) {
            etcd.put(root + "/a", "1");
            long d = etcd.delete(root + "/a").header().revision();
            long p = etcd.put(root + "/b", "2").header().revision();
            assertEquals("put " + root + "/a=1@" + (d - 1), describe(next(puts)));
            assertEquals("put " + root + "/b=2@" + p, describe(next(puts)));
            assertEquals("delete " + root + "/a@" + d, describe(next(deletes)));
            assertTrue(deletes.poll(Duration.ofMillis(200)).isEmpty());
        }
        assertThrows(IllegalArgumentException.class, () -> etcd.watch(root, noPut(), noDelete()));
    }

    @Test
    void theChangesOfATransactionShareItsRevisionInTheOrderApplied() {
        try (Watch w = etcd.watch(root + "/", prefix())) {
            long rev = etcd.txn().then(Op.put(ByteSequence.of(root + "/b"), ByteSequence.of("1")),
                    Op.put(ByteSequence.of(root + "/a"), ByteSequence.of("2"))).commit().header().revision();
            assertEquals("put " + root + "/b=1@" + rev, describe(next(w)));
            assertEquals("put " + root + "/a=2@" + rev, describe(next(w)));
        }
    }

    @Test
    void aRevokedLeaseDeletesItsKeysAsEventsOfOneRevision() {
        Lease lease = etcd.grantLease(Duration.ofSeconds(60));
        etcd.put(root + "/l/a", "1", lease(lease.id()));
        etcd.put(root + "/l/b", "2", lease(lease.id()));
        try (Watch w = etcd.watch(root + "/l/", prefix())) {
            long rev = etcd.revokeLease(lease.id()).revision();
            List<String> seen = List.of(describe(next(w)), describe(next(w)));
            assertEquals(List.of("delete " + root + "/l/a@" + rev, "delete " + root + "/l/b@" + rev), seen.stream().sorted().toList());
        }
    }

    @Test
    void aWatchFromACompactedRevisionEndsWithTheCompaction() {
        long old = etcd.put(root + "/c", "1").header().revision();
        long now = etcd.put(root + "/c", "2").header().revision();
        etcd.compact(now);
        try (Watch w = etcd.watch(root + "/c", fromRevision(old))) {
            WatchEvent.Compacted c = assertInstanceOf(WatchEvent.Compacted.class, next(w));
            assertTrue(c.compactRevision() >= now, c.toString());
            assertFalse(w.iterator().hasNext(), "the watch ended with the compaction");
            assertTrue(w.isEnded());
        }
    }

    @Test
    void aProgressRequestIsAnsweredWithTheCurrentRevision() {
        try (Watch w = etcd.watch(root + "/p")) {
            long rev = etcd.put(root + "/p", "1").header().revision();
            assertInstanceOf(WatchEvent.Put.class, next(w));
            w.requestProgress();
            WatchEvent.Progress p = assertInstanceOf(WatchEvent.Progress.class, next(w));
            assertTrue(p.revision() >= rev, p + " after " + rev);
        }
    }

    @Test
    void theIteratorEndsWhenTheWatchIsClosed() throws Exception {
        Watch w = etcd.watch(root + "/i", prefix());
        CompletableFuture<List<String>> seen = CompletableFuture.supplyAsync(() -> {
            List<String> out = new ArrayList<>();
            for (WatchEvent e : w) {
                out.add(describe(e));
            }
            return out;
        });
        long rev = etcd.put(root + "/i/x", "1").header().revision();
        while (w.nextRevision() <= rev) {
            Thread.sleep(10);
        }
        w.close();
        assertEquals(List.of("put " + root + "/i/x=1@" + rev), seen.get(10, TimeUnit.SECONDS));
        Iterator<WatchEvent> after = w.iterator();
        assertFalse(after.hasNext());
    }

    @Test
    void closingTheClientEndsItsWatches() throws Exception {
        EtcdV3 other = client();
        Watch w = other.watch(root + "/z");
        other.close();
        assertTrue(w.isEnded());
        assertFalse(w.iterator().hasNext());
    }

    @Test
    void aPublisherDeliversWhatItsSubscriberAsksFor() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        CompletableFuture<Flow.Subscription> subscribed = new CompletableFuture<>();
        long from = etcd.get(root).header().revision() + 1;
        etcd.watchPublisher(ByteSequence.of(root + "/f/"), prefix(), fromRevision(from)).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscribed.complete(s);
            }

            @Override
            public void onNext(WatchEvent e) {
                got.add(describe(e));
            }

            @Override
            public void onError(Throwable t) {
                got.add("error " + t);
            }

            @Override
            public void onComplete() {
                got.add("complete");
            }
        });
        Flow.Subscription s = subscribed.get(10, TimeUnit.SECONDS);
        s.request(2);
        for (int i = 0; i < 3; i++) {
            etcd.put(root + "/f/" + i, "v");
        }
        waitFor(() -> got.size() == 2);
        Thread.sleep(200);
        assertEquals(2, got.size(), "no more than asked for: " + got);
        s.request(1);
        waitFor(() -> got.size() == 3);
        assertTrue(got.get(0).startsWith("put " + root + "/f/0=v@"), got.toString());
        assertTrue(got.get(2).startsWith("put " + root + "/f/2=v@"), got.toString());
        s.cancel();
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, "not within 10 s");
            Thread.sleep(10);
        }
    }
}
