package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.recipes.EtcdBarrier;
import dev.etcdj.api.recipes.EtcdDoubleBarrier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link EtcdBarrier} and {@link EtcdDoubleBarrier} on one backend. */
abstract class BarrierSuite extends BackendSuite {
    final String name = RealEtcd.unique("barrier").substring(1);

    BarrierSuite(Backend backend) {
        super(backend);
    }

    @Test
    void aBarrierHoldsEveryWaiterUntilItIsRemovedThenReleasesThemAll() throws Exception {
        EtcdBarrier barrier = EtcdBarrier.newBuilder(etcd, name).build();
        assertTrue(barrier.await(Duration.ZERO), "not set: nothing to wait for");
        barrier.set();
        assertTrue(barrier.isSet());
        assertFalse(barrier.await(Duration.ofMillis(200)), "set: the wait times out");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Boolean>> waiters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waiters.add(pool.submit(() -> {
                try (Etcd client = backend.client()) {
                    return EtcdBarrier.newBuilder(client, name).build().await(Duration.ofSeconds(60));
                }
            }));
        }
        Thread.sleep(300);
        assertTrue(waiters.stream().noneMatch(Future::isDone), "nobody passes a set barrier");
        barrier.remove();
        for (Future<Boolean> w : waiters) {
            assertTrue(w.get(20, TimeUnit.SECONDS), "released");
        }
        pool.shutdown();
        assertFalse(barrier.isSet());
    }

    @Test
    void aDoubleBarrierLetsPartiesInTogetherAndOutTogether() throws Exception {
        int parties = 4;
        AtomicInteger arrived = new AtomicInteger();
        AtomicInteger departed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parties);
        List<Future<?>> tasks = new ArrayList<>();
        for (int i = 0; i < parties; i++) {
            int party = i;
            tasks.add(pool.submit(() -> {
                try (Etcd client = backend.client()) {
                    EtcdDoubleBarrier barrier = EtcdDoubleBarrier.newBuilder(client, name, parties).ttl(Duration.ofSeconds(5)).build();
                    Thread.sleep(50L * party);   // arrive one after another
                    arrived.incrementAndGet();
                    assertTrue(barrier.enter(Duration.ofSeconds(60)));
                    assertEquals(parties, arrived.get(), "nobody enters before everyone arrived");
                    Thread.sleep(50L * (parties - party));   // leave in the other order
                    departed.incrementAndGet();
                    assertTrue(barrier.leave(Duration.ofSeconds(60)));
                    assertEquals(parties, departed.get(), "nobody leaves before everyone left");
                }
                return null;
            }));
        }
        for (Future<?> f : tasks) {
            f.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThrows(KeyNotFoundException.class, () -> etcd.get(EtcdBarrier.BARRIERS + "/" + name + "/ready"),
                "the last to leave took the ready mark down");
    }

    @Test
    void anEnterThatTimesOutLeavesAgain() {
        EtcdDoubleBarrier barrier = EtcdDoubleBarrier.newBuilder(etcd, name, 2).build();
        assertFalse(barrier.enter(Duration.ofMillis(300)), "the other party never came");
        assertEquals(0, etcd.get(EtcdBarrier.BARRIERS + "/" + name + "/parties").node().asDirectory().children().size());
        assertThrows(IllegalStateException.class, () -> barrier.leave(Duration.ZERO), "not inside");
    }
}
