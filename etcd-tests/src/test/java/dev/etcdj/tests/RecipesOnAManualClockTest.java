package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdServerException;
import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.spi.EtcdRequest;
import dev.etcdj.api.recipes.EtcdElection;
import dev.etcdj.api.recipes.EtcdLock;
import dev.etcdj.api.recipes.EtcdSemaphore;
import dev.etcdj.testkit.FakeEtcd;
import dev.etcdj.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The recipes' TTL behaviour on the fake with a {@link ManualClock}: leases lapse when the test says so, with no sleeping. */
class RecipesOnAManualClockTest {
    static final Duration TTL = Duration.ofSeconds(2);
    final ManualClock clock = ManualClock.startingNow();
    final FakeEtcd fake = FakeEtcd.newBuilder().clock(clock).build();
    final Etcd etcd = fake.client();
    /** A scheduler whose thread never runs its tasks: refreshes never happen, as in a stalled process. */
    final ScheduledThreadPoolExecutor stalled = new ScheduledThreadPoolExecutor(1, r -> new Thread(() -> { }));

    @AfterEach
    void close() {
        stalled.shutdownNow();
        fake.close();
    }

    int keys(String dir) {
        try {
            return etcd.get(dir).node().asDirectory().children().size();
        } catch (KeyNotFoundException e) {
            return 0;
        }
    }

    static <T> T within(CompletableFuture<T> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    @Test
    void aStalledHolderLosesTheLockWhenItsTtlLapsesAndTheWaiterGetsIt() throws Exception {
        EtcdLock.Held old = EtcdLock.newBuilder(etcd, "jobs").ttl(TTL).scheduler(stalled).build().lock();
        clock.advance(Duration.ofSeconds(1));
        CompletableFuture<EtcdLock.Held> next = CompletableFuture.supplyAsync(
                () -> EtcdLock.newBuilder(etcd, "jobs").ttl(TTL).build().lock(Duration.ofSeconds(60)).orElseThrow());
        BackendSuite.awaitTrue(() -> keys("/_locks/jobs") == 2, "the waiter in line");
        assertFalse(next.isDone(), "held by the stalled holder");
        clock.advance(Duration.ofMillis(1500));   // the holder's TTL lapses; the waiter's (1 s younger) does not
        try (EtcdLock.Held held = within(next)) {
            assertTrue(held.fencingToken() > old.fencingToken());
            assertFalse(old.isHeld(), "the old holder learns it lost the lock");
            assertTrue(old.lost().isDone());
        }
        assertEquals(0, keys("/_locks/jobs"));
    }

    @Test
    void aTimedLockReturnsWithinFiftyMillisecondsOfItsTimeout() {
        EtcdLock lock = EtcdLock.newBuilder(etcd, "timed").ttl(TTL).build();
        try (EtcdLock.Held held = lock.lock()) {
            long[] late = new long[5];
            for (int i = 0; i < late.length; i++) {
                long start = System.nanoTime();
                assertEquals(Optional.empty(), lock.lock(Duration.ofMillis(100)));
                late[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) - 100;
                assertTrue(late[i] >= 0, "never early: " + Arrays.toString(late));
            }
            Arrays.sort(late);
            assertTrue(late[2] < 50, "the median lateness is under 50 ms: " + Arrays.toString(late));
            assertEquals(1, keys("/_locks/timed"), "the timed-out attempts left no key");
            assertTrue(held.isHeld());
        }
    }

    @Test
    void aLeaderThatStallsLosesItsLeadershipToTheNextCandidate() throws Exception {
        EtcdElection.Leadership old = EtcdElection.newBuilder(etcd, "primary").ttl(TTL).scheduler(stalled).build().campaign("a");
        clock.advance(Duration.ofSeconds(1));
        EtcdElection election = EtcdElection.newBuilder(etcd, "primary").ttl(TTL).build();
        CompletableFuture<EtcdElection.Leadership> next = CompletableFuture.supplyAsync(() -> election.campaign("b"));
        BackendSuite.awaitTrue(() -> keys("/_elections/primary") == 2, "the candidate in line");
        assertEquals(Optional.of("a"), election.leader().map(EtcdElection.Leader::value));
        clock.advance(Duration.ofMillis(1500));
        try (EtcdElection.Leadership leader = within(next)) {
            assertEquals("b", leader.value());
            assertTrue(leader.term() > old.term());
            assertFalse(old.isLeader());
            assertTrue(old.lost().isDone(), "lost visibly");
            assertThrows(KeyNotFoundException.class, () -> old.proclaim("a again"));
        }
    }

    @Test
    void aStalledPermitHolderGivesItsPermitUpWhenItsTtlLapses() throws Exception {
        EtcdSemaphore stalling = EtcdSemaphore.newBuilder(etcd, "slots", 2).ttl(TTL).scheduler(stalled).build();
        List<EtcdSemaphore.Permit> held = new ArrayList<>(List.of(stalling.acquire(), stalling.acquire()));
        clock.advance(Duration.ofSeconds(1));
        EtcdSemaphore semaphore = EtcdSemaphore.newBuilder(etcd, "slots", 2).ttl(TTL).build();
        CompletableFuture<EtcdSemaphore.Permit> third = CompletableFuture.supplyAsync(semaphore::acquire);
        BackendSuite.awaitTrue(() -> semaphore.contenders() == 3, "the third in line");
        assertFalse(third.isDone());
        clock.advance(Duration.ofMillis(1500));
        try (EtcdSemaphore.Permit permit = within(third)) {
            assertTrue(permit.isHeld());
            assertTrue(held.stream().noneMatch(EtcdSemaphore.Permit::isHeld), "both stalled holders lost theirs");
        }
    }

    @Test
    void waitersWatchOnlyTheirPredecessorAndSurviveAGapInEtcdsHistory() throws Exception {
        EtcdLock lock = EtcdLock.newBuilder(etcd, "herd").ttl(TTL).build();
        EtcdLock.Held holder = lock.lock();
        CompletableFuture<EtcdLock.Held> first = CompletableFuture.supplyAsync(() -> lock.lock(Duration.ofSeconds(60)).orElseThrow());
        BackendSuite.awaitTrue(() -> keys("/_locks/herd") == 2, "the first waiter in line");
        fake.failNext(r -> r.operation() == EtcdRequest.Operation.WAIT,
                EtcdServerException.of(401, "The event in requested index is outdated and cleared", "history", fake.index()));
        CompletableFuture<EtcdLock.Held> second = CompletableFuture.supplyAsync(() -> lock.lock(Duration.ofSeconds(60)).orElseThrow());
        BackendSuite.awaitTrue(() -> keys("/_locks/herd") == 3, "the second waiter in line");
        List<String> line = etcd.get("/_locks/herd", dev.etcdj.api.Option.sorted()).node().asDirectory().children()
                .stream().map(dev.etcdj.api.Node::key).toList();
        BackendSuite.awaitTrue(() -> waitsOn(line.get(1)) >= 2, "the second waiter waits again after the 401");
        holder.unlock();
        within(first).unlock();
        within(second).unlock();
        java.util.Set<String> watched = new java.util.HashSet<>();
        fake.requests().stream().filter(r -> r.operation() == EtcdRequest.Operation.WAIT).forEach(r -> watched.add(r.key().path()));
        assertEquals(java.util.Set.of(line.get(0), line.get(1)), watched, "each waiter watched its predecessor, nobody the directory");
    }

    long waitsOn(String key) {
        return fake.requests().stream().filter(r -> r.operation() == EtcdRequest.Operation.WAIT && r.key().path().equals(key)).count();
    }
}
