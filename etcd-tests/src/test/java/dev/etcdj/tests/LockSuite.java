package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.Value;
import dev.etcdj.api.EtcdInterruptedException;
import dev.etcdj.api.recipes.EtcdLock;
import dev.etcdj.api.recipes.EtcdReentrantLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link EtcdLock} (seed rows I1-I5) and {@link EtcdReentrantLock} (I7) on one backend. */
abstract class LockSuite extends BackendSuite {
    final String name = RealEtcd.unique("lock").substring(1);

    LockSuite(Backend backend) {
        super(backend);
    }

    EtcdLock lock(Etcd client) {
        return EtcdLock.newBuilder(client, name).ttl(Duration.ofSeconds(5)).build();
    }

    boolean noKeysLeft() {
        try {
            return etcd.get(EtcdLock.LOCKS + "/" + name).node().asDirectory().children().isEmpty();
        } catch (KeyNotFoundException e) {
            return true;
        }
    }

    @Test
    void mutualExclusionUnderContentionWithIncreasingFencingTokens() throws Exception {
        int threads = 8;
        int rounds = 200;
        AtomicBoolean inside = new AtomicBoolean();
        AtomicLong lastToken = new AtomicLong();
        long[] counter = {0};
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            tasks.add(pool.submit(() -> {
                try (Etcd client = backend.client()) {
                    EtcdLock lock = lock(client);
                    for (int i = 0; i < rounds; i++) {
                        try (EtcdLock.Held held = lock.lock()) {
                            assertTrue(inside.compareAndSet(false, true), "two holders at once");
                            long previous = lastToken.getAndSet(held.fencingToken());
                            assertTrue(held.fencingToken() > previous, "fencing tokens strictly increase");
                            counter[0]++;
                            inside.set(false);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : tasks) {
            f.get(3, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertEquals((long) threads * rounds, counter[0]);
        assertTrue(noKeysLeft());
    }

    @Test
    void tryLockAndATimedLockOnAHeldLockLeaveNothingBehind() {
        EtcdLock lock = lock(etcd);
        try (EtcdLock.Held held = lock.tryLock().orElseThrow()) {
            Value key = etcd.get(held.key()).node().asValue();
            assertTrue(held.key().startsWith(EtcdLock.LOCKS + "/" + name + "/"), "python-etcd's layout: " + held.key());
            assertEquals(36, key.value().length(), "the owner id");
            assertEquals(Optional.empty(), lock.tryLock());
            long start = System.nanoTime();
            assertEquals(Optional.empty(), lock.lock(Duration.ofMillis(300)));
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(took >= 300 && took < 1500, "returned on time: " + took + " ms");
            assertEquals(1, etcd.get(EtcdLock.LOCKS + "/" + name).node().asDirectory().children().size(),
                    "only the holder's key");
            assertTrue(held.isHeld());
        }
        assertTrue(noKeysLeft());
    }

    @Test
    void aHolderThatStopsRefreshingLosesTheLockToTheNextWaiter() throws Exception {
        // A scheduler whose threads never run its tasks: the holder's refreshes never happen, as in a stalled process.
        ScheduledThreadPoolExecutor stalled = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(() -> { });
            t.setDaemon(true);
            return t;
        });
        EtcdLock stalling = EtcdLock.newBuilder(etcd, name).ttl(Duration.ofSeconds(2)).scheduler(stalled).build();
        EtcdLock.Held old = stalling.lock();
        EtcdLock.Held next = lock(etcd).lock(Duration.ofSeconds(20)).orElseThrow(() -> new AssertionError("the lock never came free"));
        try {
            assertTrue(next.fencingToken() > old.fencingToken());
            assertFalse(old.isHeld(), "the old holder learns it lost the lock");
            assertTrue(old.lost().isDone());
            assertTrue(next.isHeld());
        } finally {
            next.unlock();
            old.unlock();
        }
        stalled.shutdownNow();
        assertTrue(noKeysLeft());
    }

    int keys() {
        return noKeysLeft() ? 0 : etcd.get(EtcdLock.LOCKS + "/" + name).node().asDirectory().children().size();
    }

    @Test
    void aHeldLockOutlivesItsTtlWhileItsHolderRuns() throws Exception {   // I3: renewed while held
        EtcdLock lock = EtcdLock.newBuilder(etcd, name).ttl(Duration.ofSeconds(2)).build();
        try (EtcdLock.Held held = lock.lock()) {
            Thread.sleep(3_000);
            assertTrue(held.isHeld(), "refreshed every third of its TTL");
            assertFalse(held.lost().isDone());
            assertEquals(Optional.empty(), lock.tryLock());
        }
        assertTrue(noKeysLeft());
    }

    @Test
    void aWaiterThatIsInterruptedThrowsAndLeavesNoKeyBehind() throws Exception {
        try (EtcdLock.Held held = lock(etcd).lock()) {
            java.util.concurrent.CompletableFuture<Throwable> failure = new java.util.concurrent.CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                try {
                    lock(etcd).lock();
                    failure.complete(null);
                } catch (Throwable t) {
                    failure.complete(t);
                }
            });
            waiter.start();
            awaitTrue(() -> keys() == 2, "the waiter joined the line");
            waiter.interrupt();
            assertInstanceOf(EtcdInterruptedException.class, failure.get(10, TimeUnit.SECONDS));
            assertEquals(1, keys(), "only the holder's key is left");
            assertTrue(held.isHeld());
        }
        assertTrue(noKeysLeft());
    }

    @Test
    void theSameOwnerReentersWithoutBlockingAndTheLastHoldReleases() {
        EtcdReentrantLock mine = EtcdReentrantLock.newBuilder(etcd, name, "worker-7").ttl(Duration.ofSeconds(5)).build();
        EtcdReentrantLock theirs = EtcdReentrantLock.newBuilder(etcd, name, "worker-8").ttl(Duration.ofSeconds(5)).build();
        EtcdReentrantLock.Hold outer = mine.lock();
        EtcdReentrantLock.Hold inner = mine.tryLock().orElseThrow(() -> new AssertionError("the owner re-enters"));
        assertEquals(2, mine.holdCount());
        assertEquals(outer.fencingToken(), inner.fencingToken(), "one key for the owner");
        assertEquals(1, keys());
        assertEquals(Optional.empty(), theirs.tryLock(), "another owner is kept out");
        inner.close();
        inner.close();   // idempotent: counts out once
        assertEquals(1, mine.holdCount());
        assertEquals(Optional.empty(), theirs.lock(Duration.ofMillis(200)), "still held by the outer hold");
        outer.close();
        assertEquals(0, mine.holdCount());
        try (EtcdReentrantLock.Hold next = theirs.tryLock().orElseThrow(() -> new AssertionError("released by the last hold"))) {
            assertTrue(next.fencingToken() > outer.fencingToken());
            assertTrue(next.isHeld());
        }
        assertTrue(noKeysLeft());
    }

    @Test
    void anotherObjectWithTheSameOwnerIdAdoptsTheHoldersKey() {
        EtcdReentrantLock first = EtcdReentrantLock.newBuilder(etcd, name, "instance-a").build();
        EtcdReentrantLock second = EtcdReentrantLock.newBuilder(etcd, name, "instance-a").build();
        try (EtcdReentrantLock.Hold a = first.lock()) {
            try (EtcdReentrantLock.Hold b = second.tryLock().orElseThrow(() -> new AssertionError("the same instance value re-enters"))) {
                assertEquals(a.key(), b.key());
                assertEquals(1, keys());
            }
        }
        assertTrue(noKeysLeft());
    }
}
