package dev.etcdj.tests;

import static dev.etcdj.api.Option.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.*;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One-shot waits and the continuous watch against a real etcd. */
abstract class WatchSuite extends BackendSuite {
    String root = RealEtcd.unique("watch");

    WatchSuite(Backend backend) {
        super(backend);
    }

    @Test
    void waitForReturnsTheNextEventAndHistoricEventsFromAnIndex() throws Exception {
        EtcdResult first = etcd.set(root + "/k", "1");
        CompletableFuture<EtcdResult> next = etcd.async().waitFor(root + "/k");
        Thread.sleep(100);   // let the long poll register before writing; the waitIndex tests below need no sleep
        EtcdResult second = etcd.set(root + "/k", "2");
        assertEquals(second.node().modifiedIndex(), next.get(10, TimeUnit.SECONDS).node().modifiedIndex());

        EtcdResult historic = etcd.waitFor(root + "/k", waitIndex(first.node().modifiedIndex()));
        assertEquals("1", historic.node().asValue().value(), "waitIndex answers from history at once");
        assertTrue(historic.etcdIndex() >= second.node().modifiedIndex());
    }

    @Test
    void recursiveWaitSeesDescendantsAndPlainWaitDoesNot() throws Exception {
        EtcdResult mk = etcd.mkdir(root + "/dir");
        CompletableFuture<EtcdResult> plain = etcd.async().waitFor(root + "/dir", afterIndex(mk.etcdIndex()));
        EtcdResult child = etcd.set(root + "/dir/child", "c");
        EtcdResult deep = etcd.waitFor(root + "/dir", recursive(), afterIndex(mk.etcdIndex()));
        assertEquals(child.node().key(), deep.node().key());
        assertFalse(plain.isDone(), "a non-recursive wait on a directory ignores its children");
        etcd.delete(root + "/dir", recursive());
        EtcdResult deleted = plain.get(10, TimeUnit.SECONDS);
        assertInstanceOf(Deleted.class, deleted);
        assertEquals(root + "/dir", deleted.node().key());
    }

    @Test
    void waitWithATimeoutFailsWithATimeoutException() {
        EtcdTimeoutException e = assertThrows(EtcdTimeoutException.class,
                () -> etcd.waitFor(root + "/quiet", timeout(Duration.ofMillis(300))));
        assertEquals("WAIT " + root + "/quiet did not complete within PT0.3S", e.getMessage());
    }

    @Test
    void continuousWatchDeliversEveryEventOnceInOrder() {
        EtcdResult start = etcd.set(root + "/c/seed", "seed");
        List<Long> written = new ArrayList<>();
        try (Watch watch = etcd.watch(root + "/c", recursive(), afterIndex(start.etcdIndex()))) {
            for (int i = 0; i < 200; i++) {
                written.add(etcd.set(root + "/c/k" + (i % 7), Integer.toString(i)).node().modifiedIndex());
            }
            written.add(etcd.delete(root + "/c/k0").node().modifiedIndex());
            List<Long> seen = new ArrayList<>();
            while (seen.size() < written.size()) {
                WatchEvent e = watch.poll(Duration.ofSeconds(10)).orElseThrow(() -> new AssertionError("missing events"));
                seen.add(((WatchEvent.Change) e).result().node().modifiedIndex());
            }
            assertEquals(written, seen);
            assertTrue(watch.poll(Duration.ofMillis(200)).isEmpty(), "no duplicate after the last event");
        }
    }

    @Test
    void continuousWatchResyncsAfterFallingBehind1500WritesAndLosesNothingItCouldSee() throws Exception {
        String key = root + "/r";
        EtcdResult start = etcd.set(key + "/a", "0");
        BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
        BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        Flow.Subscription[] subscription = new Flow.Subscription[1];
        etcd.async().watch(key, recursive(), afterIndex(start.etcdIndex())).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription[0] = s;
                s.request(1);
            }

            @Override
            public void onNext(WatchEvent item) {
                events.add(item);
            }

            @Override
            public void onError(Throwable t) {
                errors.add(t);
            }

            @Override
            public void onComplete() {
            }
        });
        etcd.set(key + "/a", "1");
        WatchEvent firstEvent = events.poll(10, TimeUnit.SECONDS);
        assertEquals("1", ((WatchEvent.Change) firstEvent).result().node().asValue().value());

        EtcdResult last = null;
        for (int i = 2; i <= 1501; i++) {
            last = etcd.set(key + "/" + (i % 2 == 0 ? "a" : "b"), Integer.toString(i));
        }
        subscription[0].request(Long.MAX_VALUE);
        WatchEvent resync = events.poll(10, TimeUnit.SECONDS);
        WatchEvent.Resync r = assertInstanceOf(WatchEvent.Resync.class, resync, "events: " + resync + ", errors: " + errors);
        Directory snapshot = r.snapshot().orElseThrow().asDirectory();
        assertEquals("1500", snapshot.child("a").orElseThrow().asValue().value());
        assertEquals("1501", snapshot.child("b").orElseThrow().asValue().value());
        assertTrue(r.etcdIndex() >= last.node().modifiedIndex());

        EtcdResult after = etcd.set(key + "/a", "after");
        WatchEvent next = events.poll(10, TimeUnit.SECONDS);
        assertEquals(after.node().modifiedIndex(), ((WatchEvent.Change) next).result().node().modifiedIndex());
        assertNull(events.poll(300, TimeUnit.MILLISECONDS), "nothing delivered twice");
        assertTrue(errors.isEmpty(), errors.toString());
        subscription[0].cancel();
    }

    @Test
    void closingAWatchWakesABlockedConsumer() throws Exception {
        Watch watch = etcd.watch(root + "/idle");
        CompletableFuture<Throwable> consumer = CompletableFuture.supplyAsync(() -> {
            try {
                watch.next();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.sleep(100);
        watch.close();
        Throwable t = consumer.get(5, TimeUnit.SECONDS);
        assertInstanceOf(IllegalStateException.class, t);
        assertEquals("watch on " + root + "/idle is closed", t.getMessage());
        assertFalse(watch.iterator().hasNext());
    }
}
