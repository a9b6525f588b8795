package dev.etcdj.tests;

import static dev.etcdj.api.Option.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.*;
import dev.etcdj.api.spi.EtcdAdapter;
import dev.etcdj.api.spi.EtcdRequest;
import dev.etcdj.mapper.EtcdMapper;
import dev.etcdj.mapper.Repository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The README's promises under stress, on one backend: a watch soak with dropped polls, timeouts and an
 * outrun history; a mapper torture test with writers killed mid-write; close() with everything in flight.
 */
abstract class ReliabilitySuite extends BackendSuite {
    final String root = RealEtcd.unique("rel");

    ReliabilitySuite(Backend backend) {
        super(backend);
    }

    /** Wraps a client's adapter: one wait in 50 fails at once as a dropped connection, chosen by a seeded random. */
    static EtcdAdapter dropping(EtcdAdapter real, long seed, AtomicInteger drops) {
        Random random = new Random(seed);
        return new EtcdAdapter() {
            @Override
            public CompletableFuture<EtcdResult> execute(EtcdRequest r) {
                boolean drop;
                synchronized (random) {
                    drop = r.operation() == EtcdRequest.Operation.WAIT && random.nextInt(Integer.getInteger("etcdj.soak.dropOneIn", 50)) == 0;   // each costs a 50 ms back-off
                }
                if (drop) {
                    drops.incrementAndGet();
                    return CompletableFuture.failedFuture(new EtcdConnectionException("dropped by the test", null, false));
                }
                return real.execute(r);
            }

            @Override
            public EtcdResult executeBlocking(EtcdRequest r) {
                return real.executeBlocking(r);
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }

    @Test
    void watchSoakEveryEventExactlyOnceInOrderOrAccountedForByAResync() throws Exception {
        int writes = 20_000;
        AtomicInteger drops = new AtomicInteger();
        Etcd watcherClient = Etcd.of(dropping(backend.adapter(), 42, drops));
        List<Long> written = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean paused = new AtomicBoolean(true);
        List<Long> delivered = new ArrayList<>();
        List<long[]> gaps = new ArrayList<>();
        Map<String, String> known = new HashMap<>();
        int resyncs = 0;
        try (Watch w = watcherClient.watch(root, 16, recursive(), timeout(Duration.ofMillis(150)))) {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<?> writer = pool.submit(() -> {
                for (int i = 0; i < writes; i++) {
                    written.add(etcd.set(root + "/k" + (i % 50), Integer.toString(i)).node().modifiedIndex());
                    if (i == 2_000) {
                        paused.set(false);   // the first 2,000 writes outrun the paused watcher's history
                    }
                    if (i % 1_000 == 999) {
                        sleep(200);           // bursts, with quiet spells where polls time out
                    }
                }
            });
            while (paused.get()) {
                sleep(10);
            }
            long last = 0;
            int quiet = 0;
            while (true) {
                boolean writerDone = writer.isDone();
                Optional<WatchEvent> e = w.poll(Duration.ofMillis(500));
                if (e.isEmpty()) {
                    if (writerDone && ++quiet == 3) {
                        break;   // quiet for 1.5 s after the last write (longer than any back-off here)
                    }
                    continue;
                }
                quiet = 0;
                if (e.get() instanceof WatchEvent.Resync r) {
                    resyncs++;
                    gaps.add(new long[] {last, r.etcdIndex()});
                    known.clear();
                    r.snapshot().ifPresent(n -> n.asDirectory().leaves().forEach(v -> known.put(v.key(), v.value())));
                    last = Math.max(last, r.etcdIndex());
                } else {
                    EtcdResult c = ((WatchEvent.Change) e.get()).result();
                    long index = c.node().modifiedIndex();
                    assertTrue(index > last, "in order and never twice: " + index + " after " + last);
                    last = index;
                    delivered.add(index);
                    known.put(c.node().key(), c.node().asValue().value());
                }
            }
            writer.get(60, TimeUnit.SECONDS);
            pool.shutdown();
        } finally {
            watcherClient.close();
        }
        TreeSet<Long> got = new TreeSet<>(delivered);
        int accounted = 0;
        for (long index : written) {
            boolean inGap = gaps.stream().anyMatch(g -> index > g[0] && index <= g[1]);
            assertTrue(got.contains(index) || inGap, () -> "write at index " + index + " was neither delivered nor covered "
                    + "by a resync; delivered around it: " + got.lower(index) + ", " + got.higher(index) + "; resync gaps: "
                    + gaps.stream().map(g -> "(" + g[0] + ", " + g[1] + "]").collect(java.util.stream.Collectors.joining(" ")));
            accounted += inGap && !got.contains(index) ? 1 : 0;
        }
        assertTrue(resyncs >= 1, "the history was outrun at least once");
        Map<String, String> actual = new HashMap<>();
        etcd.get(root, recursive()).node().asDirectory().leaves().forEach(v -> actual.put(v.key(), v.value()));
        assertEquals(actual, known, "events and snapshots rebuild the final state");
        System.out.printf("watch soak on %s: %d writes, %d delivered, %d covered by %d resync(s), %d polls dropped%n",
                backend, writes, delivered.size(), accounted, resyncs, drops.get());
    }

    /** A record whose fields all derive from one (count, writer): a torn record shows as a mismatch. */
    record Tally(long count, String by, String check) {
        static Tally of(long count, String by) {
            return new Tally(count, by, count + "@" + by);
        }

        boolean whole() {
            return check.equals(count + "@" + by);
        }
    }

    /** An adapter that dies (throws on every call) after {@code at} requests. */
    static EtcdAdapter dying(EtcdAdapter real, int at) {
        AtomicInteger calls = new AtomicInteger();
        return new EtcdAdapter() {
            @Override
            public CompletableFuture<EtcdResult> execute(EtcdRequest r) {
                if (calls.incrementAndGet() > at) {
                    throw new IllegalStateException("the writer was killed");
                }
                return real.execute(r);
            }

            @Override
            public EtcdResult executeBlocking(EtcdRequest r) {
                if (calls.incrementAndGet() > at) {
                    throw new IllegalStateException("the writer was killed");
                }
                return real.executeBlocking(r);
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void mapperTortureKilledWritersNeverLeaveATornOrLostRecord() throws Exception {
        EtcdMapper mapper = EtcdMapper.newBuilder().writeLease(Duration.ofSeconds(1)).build();
        Repository<Tally> repo = mapper.repository(etcd, root + "/tallies", Tally.class);
        List<String> ids = List.of("a", "b", "c");
        for (String id : ids) {
            repo.put(id, Tally.of(0, "init"));
        }
        Map<String, AtomicLong> acked = new ConcurrentHashMap<>();
        Map<String, AtomicLong> killed = new ConcurrentHashMap<>();
        ids.forEach(id -> {
            acked.put(id, new AtomicLong());
            killed.put(id, new AtomicLong());
        });
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> tasks = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String name = "w" + w;
            Random random = new Random(w);
            tasks.add(pool.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    String id = ids.get(random.nextInt(ids.size()));
                    boolean kill = random.nextInt(25) == 0;
                    Etcd client = kill ? Etcd.of(dying(backend.adapter(), 1 + random.nextInt(10))) : etcd;
                    Repository<Tally> mine = mapper.repository(client, root + "/tallies", Tally.class);
                    try {
                        mine.update(id, 50, t -> Tally.of(t.count() + 1, name));
                        acked.get(id).incrementAndGet();
                    } catch (IllegalStateException e) {
                        killed.get(id).incrementAndGet();   // died somewhere in the write: outcome unknown
                    }
                }
                return null;
            }));
        }
        for (int r = 0; r < 2; r++) {
            tasks.add(pool.submit(() -> {
                Map<String, Long> seen = new HashMap<>();
                while (!done.get()) {
                    for (Map.Entry<String, Tally> e : repo.list().entrySet()) {
                        assertTrue(e.getValue().whole(), "a torn record: " + e.getValue());
                        long before = seen.getOrDefault(e.getKey(), 0L);
                        assertTrue(e.getValue().count() >= before, "a record went back in time");
                        seen.put(e.getKey(), e.getValue().count());
                        reads.incrementAndGet();
                    }
                    sleep(1);   // readers must not starve the writers of the 2 cores
                }
                return null;
            }));
        }
        for (int i = 0; i < 4; i++) {
            tasks.get(i).get(5, TimeUnit.MINUTES);
        }
        done.set(true);
        for (Future<?> t : tasks) {
            t.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();
        long kills = 0;
        for (String id : ids) {
            // A killed write may have completed before the kill: at least the acknowledged ones, at most all.
            Tally t = repo.update(id, 50, x -> x);
            assertTrue(t.whole());
            assertTrue(t.count() >= acked.get(id).get() && t.count() <= acked.get(id).get() + killed.get(id).get(),
                    id + ": " + t + " with " + acked.get(id) + " acknowledged and " + killed.get(id) + " killed updates");
            kills += killed.get(id).get();
        }
        System.out.printf("mapper torture on %s: 800 updates, %d writers killed mid-write, %d record reads%n",
                backend, kills, reads.get());
    }

    @Test
    void closeEndsCallsWaitsAndWatchesInFlightWithinOneSecond() throws Exception {
        Etcd client = backend.client();
        CompletableFuture<EtcdResult> wait = client.async().waitFor(root + "/never");
        Watch watch = client.watch(root + "/never2");
        AtomicBoolean blockedEnded = new AtomicBoolean();
        Thread blocked = new Thread(() -> {
            try {
                client.waitFor(root + "/never3");
            } catch (EtcdException e) {
                blockedEnded.set(true);
            }
        });
        Thread consumer = new Thread(() -> {
            try {
                watch.next();
            } catch (RuntimeException e) {
                blockedEnded.compareAndSet(true, true);
            }
        });
        blocked.start();
        consumer.start();
        sleep(300);
        long start = System.nanoTime();
        client.close();
        assertThrows(Exception.class, () -> wait.get(1, TimeUnit.SECONDS));
        blocked.join(1000);
        consumer.join(1000);
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(1500), "everything ended at close");
        assertFalse(blocked.isAlive(), "a blocking wait ended");
        assertFalse(consumer.isAlive(), "a consumer blocked in Watch.next() ended");
        assertTrue(blockedEnded.get());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
