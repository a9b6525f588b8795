package dev.etcdj.mapper;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.spi.EtcdRequest;
import dev.etcdj.testkit.FakeEtcd;
import dev.etcdj.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RepositoryTest {
    record Service(String host, int port, List<String> tags, @EtcdTtl Duration ttl) {
    }

    record Counter(long value) {
    }

    record Pair(String left, String right, String third) {
    }

    final ManualClock clock = ManualClock.startingNow();
    final FakeEtcd fake = FakeEtcd.newBuilder().clock(clock).build();
    final Etcd etcd = fake.client();
    final EtcdMapper mapper = EtcdMapper.create();

    @AfterEach
    void close() {
        etcd.close();
        fake.close();
    }

    @Test
    void putGetListDeleteAndTheKeysAPersonSees() {
        Repository<Service> services = mapper.repository(etcd, "/services", Service.class);
        Service api = new Service("10.0.0.1", 8080, List.of("blue", "eu"), null);
        services.put("api", api);
        assertEquals(Optional.of(api), services.get("api"));
        assertEquals(Map.of("api", api), services.list());
        assertEquals("10.0.0.1", etcd.get("/services/api/host").node().asValue().value());
        assertEquals("8080", etcd.get("/services/api/port").node().asValue().value());
        assertEquals("eu", etcd.get("/services/api/tags/1").node().asValue().value());
        assertTrue(services.delete("api"));
        assertFalse(services.delete("api"));
        assertEquals(Optional.empty(), services.get("api"));
        assertEquals(Map.of(), services.list());
    }

    @Test
    void aChangedRecordWritesOnlyItsChangedLeaves() {
        Repository<Service> services = mapper.repository(etcd, "/s", Service.class);
        services.put("a", new Service("h", 1, List.of("x", "y", "z"), null));
        fake.clearRequests();
        services.put("a", new Service("h", 2, List.of("x", "y"), null));
        List<String> writes = fake.requests().stream().filter(EtcdRequest::isWrite)
                .filter(r -> !r.key().name().equals("~lock"))
                .map(r -> r.operation() + " " + r.key() + (r.value() == null ? "" : "=" + r.value()))
                .collect(Collectors.toList());
        assertEquals(List.of("SET /s/a/~rev=2~+L4:host1:hL4:port1:1L6:tags/01:xL6:tags/11:yL6:tags/21:z",
                "DELETE /s/a/tags/2", "SET /s/a/port=2", "SET /s/a/~rev=2"), writes);
        assertEquals(2, fake.requests().stream().filter(r -> !r.isWrite()).count(), "a recursive read before and after the claim");
    }

    @Test
    void listIsOneRecursiveRead() {
        Repository<Service> services = mapper.repository(etcd, "/many", Service.class);
        for (int i = 0; i < 20; i++) {
            services.put("s" + i, new Service("h" + i, i, List.of("t"), null));
        }
        fake.clearRequests();
        assertEquals(20, services.list().size());
        assertEquals(1, fake.requests().size());
        assertTrue(fake.requests().get(0).recursive());
    }

    @Test
    void theTtlComponentIsTheDirectorysTtl() {
        Repository<Service> services = mapper.repository(etcd, "/s", Service.class);
        services.put("a", new Service("h", 1, List.of(), Duration.ofSeconds(30)));
        assertEquals(Duration.ofSeconds(30), services.get("a").orElseThrow().ttl());
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Duration.ofSeconds(20), services.get("a").orElseThrow().ttl());
        services.put("a", new Service("h", 1, List.of(), null));
        clock.advance(Duration.ofSeconds(100));
        assertTrue(services.get("a").isPresent(), "a null TTL makes the record permanent");
        services.put("b", new Service("h", 1, List.of(), Duration.ofSeconds(5)));
        clock.advance(Duration.ofSeconds(5));
        assertEquals(Optional.empty(), services.get("b"), "it expired with its directory");
    }

    @Test
    void createGivesIncreasingIds() {
        Repository<Counter> counters = mapper.repository(etcd, "/c", Counter.class);
        String first = counters.create(new Counter(1));
        String second = counters.create(new Counter(2));
        assertTrue(second.compareTo(first) > 0);
        assertEquals(List.of(first, second), new ArrayList<>(counters.list().keySet()));
    }

    @Test
    void twoWritersNeverLoseAnUpdate() throws Exception {
        Repository<Counter> counters = mapper.repository(etcd, "/c", Counter.class);
        counters.put("n", new Counter(0));
        int n = 50;
        Runnable increments = () -> {
            for (int i = 0; i < n; i++) {
                counters.update("n", 10_000, c -> new Counter(c.value() + 1));
            }
        };
        CompletableFuture<Void> a = CompletableFuture.runAsync(increments);
        CompletableFuture<Void> b = CompletableFuture.runAsync(increments);
        a.get();
        b.get();
        assertEquals(new Counter(2 * n), counters.get("n").orElseThrow());
    }

    @Test
    void aConcurrentWriterIsDetectedNotOverwritten() {
        Repository<Pair> pairs = mapper.repository(etcd, "/p", Pair.class);
        pairs.put("x", new Pair("a", "a", "a"));
        dev.etcdj.api.ConcurrentUpdateException e = assertThrows(dev.etcdj.api.ConcurrentUpdateException.class,
                () -> pairs.update("x", 1, p -> {
                    etcd.set("/p/x/~rev", "8");   // another client writes between this read and its guard
                    return new Pair("b", "b", "b");
                }));
        assertEquals("update of /p/x lost to concurrent writers 1 times", e.getMessage());
        assertTrue(e.getCause().getMessage().startsWith("another client wrote /p/x concurrently (Compare failed (101): "),
                e.getCause().getMessage());
        assertEquals("8", etcd.get("/p/x/~rev").node().asValue().value(), "the other write stands");
        assertEquals("a", etcd.get("/p/x/left").node().asValue().value(), "nothing was overwritten");
    }

    @Test
    void aReaderRacingAWriterNeverSeesAHalfWrittenRecord() throws Exception {
        Repository<Pair> pairs = mapper.repository(etcd, "/race", Pair.class);
        pairs.put("x", new Pair("a", "a", "a"));
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 300; i++) {
                String v = i % 2 == 0 ? "b" : "a";
                pairs.put("x", new Pair(v, v, v));
            }
            stop.set(true);
        });
        int reads = 0;
        while (!stop.get()) {
            Pair p = pairs.get("x").orElseThrow();
            assertTrue(p.left().equals(p.right()) && p.right().equals(p.third()), "half-written: " + p);
            Map<String, Pair> all = pairs.list();
            Pair q = all.get("x");
            assertTrue(q.left().equals(q.right()) && q.right().equals(q.third()), "half-written in list: " + q);
            reads++;
        }
        writer.get();
        assertTrue(reads > 0);
    }

    @Test
    void watchesDeliverCompletedWritesAndRemovals() {
        Repository<Pair> pairs = mapper.repository(etcd, "/w", Pair.class);
        try (RecordWatch<Pair> all = pairs.watchAll()) {
            pairs.put("x", new Pair("a", "b", "c"));
            pairs.put("x", new Pair("a", "b", "d"));
            pairs.delete("x");
            assertEquals(new RecordEvent.Put<>("x", new Pair("a", "b", "c")), all.poll(Duration.ofSeconds(5)).orElseThrow());
            assertEquals(new RecordEvent.Put<>("x", new Pair("a", "b", "d")), all.poll(Duration.ofSeconds(5)).orElseThrow());
            assertEquals(new RecordEvent.Removed<>("x"), all.poll(Duration.ofSeconds(5)).orElseThrow());
        }
    }
}
