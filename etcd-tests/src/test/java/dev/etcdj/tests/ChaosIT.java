package dev.etcdj.tests;

import static dev.etcdj.api.Option.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.CompareFailedException;
import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdConnectionException;
import dev.etcdj.api.EtcdException;
import dev.etcdj.api.EtcdResult;
import dev.etcdj.api.EtcdServerException;
import dev.etcdj.api.Node;
import dev.etcdj.api.Watch;
import dev.etcdj.api.WatchEvent;
import dev.etcdj.testkit.EtcdProcessCluster;
import dev.etcdj.testkit.FakeEtcdCluster;
import dev.etcdj.testkit.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A 3-member cluster under writes while its leader is killed and restarted and a follower paused and
 * resumed, twice. 8 writers each own 2 of 16 counters (compare-and-swap increments, an unknown outcome
 * resolved by a quorum read) and append unique values; a continuous recursive watch follows it all.
 * Afterwards every acknowledged write is there, no append is duplicated, each counter equals its applied
 * increments (a write whose outcome read as not applied may still land later, from a paused member: the
 * writer then finds its own value and counts it), the watch saw every acknowledged write in index order (or a resync covering it), and no
 * call outlived its deadline by more than 100 ms. {@code -Detcdj.chaos.seconds} sets the duration (60).
 */
class ChaosIT {
    static final Duration DEADLINE = Duration.ofSeconds(2);
    static final int WRITERS = 8;
    static final String ROOT = RealEtcd.unique("chaos");

    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong unknown = new AtomicLong();
    final AtomicLong unknownApplied = new AtomicLong();
    final AtomicLong notSent = new AtomicLong();
    final AtomicLong endpointFailures = new AtomicLong();
    final AtomicLong lateApplied = new AtomicLong();
    final AtomicLong maxCallNanos = new AtomicLong();
    /** modifiedIndex of every acknowledged write. */
    final Set<Long> acknowledgedIndexes = ConcurrentHashMap.newKeySet();
    final Map<String, Long> appended = new ConcurrentHashMap<>();

    <T> T timed(Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } finally {
            maxCallNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
        }
    }

    @Test
    void acknowledgedWritesSurviveKilledLeadersAndPausedFollowers() throws Exception {
        RealEtcd.requireBinary();
        try (EtcdProcessCluster cluster = EtcdProcessCluster.start(3)) {
            run(cluster, Long.getLong("etcdj.chaos.seconds", 60));
        }
    }

    @Test
    void theSameOnTheFakeCluster() throws Exception {
        try (FakeEtcdCluster cluster = FakeEtcdCluster.start(3)) {
            run(cluster, Long.getLong("etcdj.chaos.fake.seconds", 10));
        }
    }

    void run(TestCluster cluster, long seconds) throws Exception {
        try (Etcd etcd = cluster.client()) {
            for (int c = 0; c < 2 * WRITERS; c++) {
                etcd.set(ROOT + "/counters/" + c, "0/init");
            }
            long startIndex = etcd.get(ROOT).etcdIndex();
            List<WatchEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());
            Watch watch = etcd.watch(ROOT, recursive(), afterIndex(startIndex));
            Thread watcher = new Thread(() -> {
                try {
                    for (WatchEvent e : watch) {
                        events.add(e);
                    }
                } catch (IllegalStateException closed) {
                    // the watch was closed: done
                }
            }, "chaos-watch");
            watcher.start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<long[]>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> write(cluster, writer, end)));
            }
            for (int round = 0; round < 2; round++) {
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds) / 8);
                TestCluster.Member leader = cluster.leader();
                leader.kill();
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds) / 16);
                leader.restart();
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds) / 16);
                TestCluster.Member follower = cluster.followers().get(0);
                follower.pause();
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds) / 16);
                follower.resume();
            }
            List<long[]> counts = new ArrayList<>();
            for (Future<long[]> f : writers) {
                counts.add(f.get(seconds + 120, TimeUnit.SECONDS));
            }
            pool.shutdown();
            long lastIndex = etcd.get(ROOT, quorum()).etcdIndex();
            waitForWatch(events, lastIndex);
            watch.close();
            watcher.join(10_000);
            check(etcd, counts, events);
            System.out.printf("chaos on %s: %d s, writes acknowledged %d, unknown outcomes %d (%d applied, %d landed later), "
                    + "not sent %d, endpoint failures (failovers) %d, watch events %d, max call %d ms (deadline %d ms)%n",
                    cluster.getClass().getSimpleName(), seconds, acknowledged.get(), unknown.get(),
                    unknownApplied.get(), lateApplied.get(), notSent.get(), endpointFailures.get(), events.size(), TimeUnit.NANOSECONDS.toMillis(maxCallNanos.get()),
                    DEADLINE.toMillis());
            assertTrue(maxCallNanos.get() <= DEADLINE.plusMillis(100).toNanos(),
                    "a call outlived its deadline: " + TimeUnit.NANOSECONDS.toMillis(maxCallNanos.get()) + " ms");
        }
    }

    /** One writer on its own client: increments its two counters and appends, until {@code end}; returns its counters' counts. */
    long[] write(TestCluster cluster, int writer, long end) {
        long[] count = new long[2];
        String[] current = {"0/init", "0/init"};
        try (Etcd etcd = cluster.client()) {
            try {
                return writeUntil(etcd, writer, end, count, current);
            } finally {
                endpointFailures.addAndGet(((dev.etcdj.http.HttpAdapter) etcd.adapter()).endpointFailures());
            }
        }
    }

    long[] writeUntil(Etcd etcd, int writer, long end, long[] count, String[] current) {
        // values whose write read as not applied: a request held by a paused member can still land later
        Set<String> doubtful = new HashSet<>();
        for (long seq = 0; System.nanoTime() < end; seq++) {
            int mine = (int) (seq % 2);
            if (seq % 3 == 2) {
                append(etcd, writer + "-" + seq);
                continue;
            }
            String key = ROOT + "/counters/" + (2 * writer + mine);
            String next = (count[mine] + 1) + "/" + writer + "-" + seq;
            String prev = current[mine];
            try {
                EtcdResult r = timed(() -> etcd.compareAndSwap(key, next, prevValue(prev), timeout(DEADLINE)));
                acknowledgedIndexes.add(r.node().modifiedIndex());
                acknowledged.incrementAndGet();
                count[mine]++;
                current[mine] = next;
            } catch (CompareFailedException e) {
                String now = resolve(etcd, key);
                if (!doubtful.remove(now)) {
                    throw new AssertionError(key + " changed under its only writer: " + e.getMessage(), e);
                }
                lateApplied.incrementAndGet();   // an earlier write that read as not applied landed after all
                count[mine] = Long.parseLong(now.substring(0, now.indexOf('/')));
                current[mine] = now;
            } catch (EtcdException e) {
                if (definitelyNotApplied(e)) {
                    continue;
                }
                unknown.incrementAndGet();
                if (next.equals(resolve(etcd, key))) {
                    unknownApplied.incrementAndGet();
                    count[mine]++;
                    current[mine] = next;
                } else {
                    doubtful.add(next);
                }
            }
        }
        return count;
    }

    void append(Etcd etcd, String value) {
        try {
            EtcdResult r = timed(() -> etcd.append(ROOT + "/appends", value, timeout(DEADLINE)));
            appended.put(value, r.node().modifiedIndex());
            acknowledgedIndexes.add(r.node().modifiedIndex());
            acknowledged.incrementAndGet();
        } catch (EtcdException e) {
            if (!definitelyNotApplied(e)) {
                unknown.incrementAndGet();
            }
        }
    }

    /** Whether a failed write provably changed nothing: never sent, or refused by etcd (not error 300). */
    boolean definitelyNotApplied(EtcdException e) {
        boolean refused = e instanceof EtcdServerException s && s.errorCode() != 300;
        boolean neverSent = e instanceof EtcdConnectionException c && !c.mayHaveBeenApplied();
        if (neverSent) {
            notSent.incrementAndGet();
        }
        return refused || neverSent;
    }

    /** Reads {@code key} with a quorum read (serialized after any write still in the log) until it answers. */
    String resolve(Etcd etcd, String key) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return timed(() -> etcd.get(key, quorum(), timeout(DEADLINE))).node().asValue().value();
            } catch (EtcdException e) {
                assertTrue(System.nanoTime() < until, "could not read " + key + " for 60 s: " + e);
            }
        }
    }

    static void waitForWatch(List<WatchEvent> events, long lastIndex) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            synchronized (events) {
                if (!events.isEmpty() && index(events.get(events.size() - 1)) >= lastIndex) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        fail("the watch did not reach index " + lastIndex);
    }

    static long index(WatchEvent e) {
        return e instanceof WatchEvent.Change c ? c.result().node().modifiedIndex() : ((WatchEvent.Resync) e).etcdIndex();
    }

    void check(Etcd etcd, List<long[]> counts, List<WatchEvent> events) {
        for (int w = 0; w < WRITERS; w++) {
            for (int mine = 0; mine < 2; mine++) {
                String value = etcd.get(ROOT + "/counters/" + (2 * w + mine), quorum()).node().asValue().value();
                assertEquals(counts.get(w)[mine], Long.parseLong(value.substring(0, value.indexOf('/'))),
                        "counter " + (2 * w + mine) + " holds its applied increments");
            }
        }
        List<String> values = new ArrayList<>();
        for (Node n : etcd.get(ROOT + "/appends", quorum()).node().asDirectory().children()) {
            values.add(n.asValue().value());
        }
        assertEquals(values.size(), new HashSet<>(values).size(), "no append duplicated");
        assertTrue(values.containsAll(appended.keySet()), "every acknowledged append is there");
        Set<Long> seen = new HashSet<>();
        List<long[]> gaps = new ArrayList<>();
        long last = 0;
        synchronized (events) {
            for (WatchEvent e : events) {
                long i = index(e);
                if (e instanceof WatchEvent.Resync) {
                    gaps.add(new long[] {last, i});
                } else {
                    seen.add(i);
                }
                assertTrue(i > last || e instanceof WatchEvent.Resync && i >= last, "the watch went back from " + last + " to " + i);
                last = i;
            }
        }
        for (long i : acknowledgedIndexes) {
            boolean inGap = gaps.stream().anyMatch(g -> i > g[0] && i <= g[1]);
            assertTrue(seen.contains(i) || inGap, "the watch missed the acknowledged write at index " + i);
        }
    }
}
