package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.recipes.EtcdSemaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link EtcdSemaphore} on one backend. */
abstract class SemaphoreSuite extends BackendSuite {
    final String name = RealEtcd.unique("semaphore").substring(1);

    SemaphoreSuite(Backend backend) {
        super(backend);
    }

    EtcdSemaphore semaphore(Etcd client, int permits) {
        return EtcdSemaphore.newBuilder(client, name, permits).ttl(Duration.ofSeconds(5)).build();
    }

    @Test
    void nPermitsAreHandedOutAndAFailedAttemptLeavesNoKey() {
        EtcdSemaphore semaphore = semaphore(etcd, 3);
        List<EtcdSemaphore.Permit> permits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            permits.add(semaphore.tryAcquire().orElseThrow(() -> new AssertionError("a free permit")));
        }
        assertEquals(Optional.empty(), semaphore.tryAcquire());
        assertEquals(Optional.empty(), semaphore.acquire(Duration.ofMillis(200)));
        assertEquals(3, semaphore.contenders(), "the failed attempts left no key");
        assertTrue(permits.stream().allMatch(EtcdSemaphore.Permit::isHeld));
        permits.get(1).release();
        try (EtcdSemaphore.Permit again = semaphore.tryAcquire().orElseThrow(() -> new AssertionError("a released permit"))) {
            assertTrue(again.isHeld());
        }
        permits.forEach(EtcdSemaphore.Permit::close);
        assertEquals(0, semaphore.contenders());
    }

    @Test
    void neverMoreHoldersThanPermitsUnderContention() throws Exception {
        int permits = 3;
        int threads = 8;
        int rounds = 25;
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            tasks.add(pool.submit(() -> {
                try (Etcd client = backend.client()) {
                    EtcdSemaphore semaphore = semaphore(client, permits);
                    for (int i = 0; i < rounds; i++) {
                        try (EtcdSemaphore.Permit permit = semaphore.acquire()) {
                            assertNotNull(permit);
                            int now = holding.incrementAndGet();
                            most.accumulateAndGet(now, Math::max);
                            assertTrue(now <= permits, now + " holders of " + permits + " permits");
                            Thread.sleep(2);
                            holding.decrementAndGet();
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
        assertTrue(most.get() <= permits);
        assertEquals(0, semaphore(etcd, permits).contenders());
    }
}
