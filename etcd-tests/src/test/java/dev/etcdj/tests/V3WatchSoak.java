package dev.etcdj.tests;

import static dev.etcdj.v3.KvOption.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.v3.EtcdV3;
import dev.etcdj.v3.Watch;
import dev.etcdj.v3.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The watch soak: many writes from several threads while the watch's streams are cut again and again;
 * the watch must deliver every change exactly once, in revision order.
 */
final class V3WatchSoak {
    private V3WatchSoak() {
    }

    /**
     * @param writer the client that writes (not cut)
     * @param watcher the client that watches (its streams are cut)
     * @param cut cuts the watcher's streams
     * @param writes how many writes in all
     * @param threads how many writers
     * @param cutEvery the pause between cuts
     */
    static void run(EtcdV3 writer, EtcdV3 watcher, Runnable cut, int writes, int threads, Duration cutEvery) throws Exception {
        String root = RealEtcd.unique("v3-soak");
        Map<Long, String> written = new ConcurrentSkipListMap<>();
        long from = writer.get(root).header().revision() + 1;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try (Watch w = watcher.watch(root + "/", prefix(), fromRevision(from))) {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int me = t;
                writers.add(pool.submit(() -> {
                    for (int i = me; i < writes; i += threads) {
                        String key = root + "/" + (i % 97);
                        if (i % 10 == 9) {
                            var d = writer.delete(key);
                            if (d.deleted() > 0) {   // a delete of nothing makes no revision
                                written.put(d.header().revision(), "delete " + key);
                            }
                        } else {
                            written.put(writer.put(key, "v" + i).header().revision(), "put " + key + "=v" + i);
                        }
                    }
                    return null;
                }));
            }
            Future<?> cutter = pool.submit(() -> {
                while (writers.stream().anyMatch(f -> !f.isDone())) {
                    TimeUnit.NANOSECONDS.sleep(cutEvery.toNanos());
                    cut.run();
                }
                return null;
            });
            for (Future<?> f : writers) {
                f.get(5, TimeUnit.MINUTES);
            }
            cutter.get(1, TimeUnit.MINUTES);
            long last = writer.get(root).header().revision();
            List<String> seen = new ArrayList<>();
            long previous = 0;
            long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (previous < maxWritten(written) && System.nanoTime() < until) {
                WatchEvent e = w.poll(Duration.ofSeconds(1)).orElse(null);
                if (e == null) {
                    continue;
                }
                assertTrue(e.revision() > previous, "in order, never repeated: " + e + " after revision " + previous);
                previous = e.revision();
                seen.add(e.revision() + " " + describe(e));
            }
            List<String> expected = new ArrayList<>();
            written.forEach((rev, what) -> expected.add(rev + " " + what));
            assertEquals(expected.size(), seen.size(), "every change exactly once (last revision " + last + ")");
            assertEquals(expected, seen);
            assertTrue(w.resumes() > 0, "the streams were cut: " + w.resumes() + " resumes");
        } finally {
            pool.shutdownNow();
        }
    }

    private static long maxWritten(Map<Long, String> written) {
        return ((ConcurrentSkipListMap<Long, String>) written).lastKey();
    }

    private static String describe(WatchEvent e) {
        if (e instanceof WatchEvent.Put p) {
            return "put " + p.kv().key().asString() + "=" + p.kv().value().asString();
        }
        if (e instanceof WatchEvent.Delete d) {
            return "delete " + d.key().asString();
        }
        return e.toString();
    }
}
