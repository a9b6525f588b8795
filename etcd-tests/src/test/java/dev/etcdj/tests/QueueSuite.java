package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.recipes.EtcdQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link EtcdQueue} (seed row E9) on one backend. */
abstract class QueueSuite extends BackendSuite {
    final String name = RealEtcd.unique("queue").substring(1);

    QueueSuite(Backend backend) {
        super(backend);
    }

    EtcdQueue queue(Etcd client) {
        return EtcdQueue.newBuilder(client, name).build();
    }

    @Test
    void itemsComeOutInTheOrderTheyWentInAndAnEmptyQueueAnswersOnTime() {
        EtcdQueue queue = queue(etcd);
        assertEquals(Optional.empty(), queue.poll());
        queue.offer("a");
        queue.offer("b");
        queue.offer("c");
        assertEquals(3, queue.size());
        assertEquals(List.of("a", "b", "c"), List.of(queue.poll().orElseThrow(), queue.poll().orElseThrow(),
                queue(etcd).take(Duration.ofSeconds(1)).orElseThrow()));
        long start = System.nanoTime();
        assertEquals(Optional.empty(), queue.take(Duration.ofMillis(300)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300));
        assertEquals(0, queue.size());
    }

    @Test
    void aBlockedTakeWakesUpForAnOffer() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Optional<String>> taken = pool.submit(() -> queue(etcd).take(Duration.ofSeconds(30)));
        Thread.sleep(100);
        queue(etcd).offer("wake up");
        assertEquals(Optional.of("wake up"), taken.get(20, TimeUnit.SECONDS));
        pool.shutdown();
    }

    @Test
    void fourProducersAndFourConsumersDeliverEachItemExactlyOnce() throws Exception {
        int producers = 4;
        int consumers = 4;
        int items = 1000;
        int total = producers * items;
        Map<String, Integer> times = new ConcurrentHashMap<>();
        AtomicInteger taken = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(producers + consumers);
        List<Future<?>> tasks = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            tasks.add(pool.submit(() -> {
                try (Etcd client = backend.client()) {
                    EtcdQueue queue = queue(client);
                    while (taken.get() < total) {
                        Optional<String> item = queue.take(Duration.ofMillis(500));
                        if (item.isPresent()) {
                            times.merge(item.get(), 1, Integer::sum);
                            taken.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        for (int p = 0; p < producers; p++) {
            int producer = p;
            tasks.add(pool.submit(() -> {
                try (Etcd client = backend.client()) {
                    EtcdQueue queue = queue(client);
                    for (int i = 0; i < items; i++) {
                        queue.offer(producer + "-" + i);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : tasks) {
            f.get(3, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertEquals(total, times.size(), "every item taken");
        assertTrue(times.values().stream().allMatch(n -> n == 1), "no item taken twice");
        assertEquals(total, taken.get());
        assertEquals(0, queue(etcd).size());
    }
}
