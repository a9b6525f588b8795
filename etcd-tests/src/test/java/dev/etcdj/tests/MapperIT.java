package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.mapper.EtcdMapper;
import dev.etcdj.mapper.RecordEvent;
import dev.etcdj.mapper.RecordWatch;
import dev.etcdj.mapper.Repository;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The mapper's guarantees against a real etcd. */
class MapperIT {
    record Counter(long value) {
    }

    record Triple(String a, String b, String c, List<String> tags, Map<String, Integer> weights) {
        static Triple of(String v) {
            return new Triple(v, v, v, List.of(v, v), Map.of("w/" + v, v.length(), "_" + v, 1));
        }

        boolean consistent() {
            return a.equals(b) && b.equals(c) && tags.equals(List.of(a, a)) && weights.equals(Map.of("w/" + a, a.length(), "_" + a, 1));
        }
    }

    final Etcd etcd = RealEtcd.shared().client();
    final EtcdMapper mapper = EtcdMapper.create();
    final String root = RealEtcd.unique("mapper");

    @AfterEach
    void close() {
        etcd.close();
    }

    @Test
    void twoWritersOnRealEtcdNeverLoseAnUpdate() throws Exception {
        Repository<Counter> counters = mapper.repository(etcd, root + "/c", Counter.class);
        counters.put("n", new Counter(0));
        int n = 25;
        Runnable increments = () -> {
            try (Etcd own = RealEtcd.shared().client()) {
                Repository<Counter> mine = mapper.repository(own, root + "/c", Counter.class);
                for (int i = 0; i < n; i++) {
                    mine.update("n", 10_000, c -> new Counter(c.value() + 1));
                }
            }
        };
        CompletableFuture<Void> a = CompletableFuture.runAsync(increments);
        CompletableFuture<Void> b = CompletableFuture.runAsync(increments);
        a.get();
        b.get();
        assertEquals(new Counter(2 * n), counters.get("n").orElseThrow());
    }

    @Test
    void aReaderRacingAWriterNeverSeesAHalfWrittenRecord() throws Exception {
        Repository<Triple> triples = mapper.repository(etcd, root + "/t", Triple.class);
        triples.put("x", Triple.of("aa"));
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (Etcd own = RealEtcd.shared().client()) {
                Repository<Triple> mine = mapper.repository(own, root + "/t", Triple.class);
                for (int i = 0; i < 60; i++) {
                    mine.put("x", Triple.of(i % 2 == 0 ? "bbbb" : "aa"));
                }
            } finally {
                done.set(true);
            }
        });
        int reads = 0;
        while (!done.get()) {
            Triple t = triples.get("x").orElseThrow();
            assertTrue(t.consistent(), "half-written: " + t);
            assertTrue(triples.list().get("x").consistent());
            reads++;
        }
        writer.get();
        assertTrue(reads > 0);
    }

    @Test
    void aWatchThatFellBehindResyncsAndThenGoesOn() {
        Repository<Counter> counters = mapper.repository(etcd, root + "/w", Counter.class);
        counters.put("n", new Counter(0));
        try (RecordWatch<Counter> watch = counters.watchAll()) {
            for (int i = 1; i <= 450; i++) {   // about 1,350 events: more than the watch buffers and etcd keeps
                counters.put("n", new Counter(i));
            }
            boolean resynced = false;
            long last = -1;
            while (last != 450) {
                RecordEvent<Counter> e = watch.poll(Duration.ofSeconds(10)).orElseThrow(() -> new AssertionError("stalled"));
                if (e instanceof RecordEvent.Resync<Counter> r) {
                    resynced = true;
                    last = r.records().get("n").value();
                } else if (e instanceof RecordEvent.Put<Counter> p) {
                    assertTrue(p.record().value() > last, "in order, never twice: " + p + " after " + last);
                    last = p.record().value();
                }
            }
            assertTrue(resynced, "the watch fell behind etcd's history and resynced");
            counters.put("n", new Counter(451));
            assertEquals(new RecordEvent.Put<>("n", new Counter(451)), watch.poll(Duration.ofSeconds(10)).orElseThrow());
        }
    }
}
