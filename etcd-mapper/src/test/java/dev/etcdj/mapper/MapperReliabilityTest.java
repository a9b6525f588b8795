package dev.etcdj.mapper;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdResult;
import dev.etcdj.api.spi.EtcdAdapter;
import dev.etcdj.api.spi.EtcdRequest;
import dev.etcdj.testkit.FakeEtcd;
import dev.etcdj.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The mapper's promises that eb789c4 broke (reliability review, findings 2-4, 6, 8, 12, 19 and the plan cache). */
class MapperReliabilityTest {
    record Pair(String left, String right, String third) {
    }

    record Labelled(Map<String, String> labels) {
    }

    record Leased(String v, @EtcdTtl Duration ttl) {
    }

    record Inner(@EtcdTtl Duration d) {
    }

    record Outer(Inner i) {
    }

    final ManualClock clock = ManualClock.startingNow();
    final FakeEtcd fake = FakeEtcd.newBuilder().clock(clock).build();
    final Etcd etcd = fake.client();
    final EtcdMapper mapper = EtcdMapper.newBuilder().writeLease(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() {
        etcd.close();
        fake.close();
    }

    /** An adapter that blocks the first request matching {@code stop} until {@code go} opens. */
    static EtcdAdapter pausing(EtcdAdapter real, Predicate<EtcdRequest> stop, CountDownLatch reached, CountDownLatch go) {
        return new EtcdAdapter() {
            boolean paused;

            @Override
            public CompletableFuture<EtcdResult> execute(EtcdRequest r) {
                boolean pause;
                synchronized (this) {
                    pause = !paused && stop.test(r);
                    paused |= pause;
                }
                if (pause) {
                    reached.countDown();
                    try {
                        go.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return real.execute(r);
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }

    @Test
    void twoLiveWritersNeverInterleaveOneRecord() throws Exception {   // finding 2
        Repository<Pair> repo = mapper.repository(etcd, "/p", Pair.class);
        repo.put("x", new Pair("a", "a", "a"));
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        Etcd slow = Etcd.of(pausing(fake.adapter(), r -> r.key().path().equals("/p/x/right") && r.isWrite(), reached, go));
        Repository<Pair> a = mapper.repository(slow, "/p", Pair.class);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> writerA = pool.submit(() -> a.put("x", new Pair("b", "b", "b")));
        assertTrue(reached.await(5, TimeUnit.SECONDS), "A is mid-write: left written, right not yet");
        assertEquals(Optional.of(new Pair("a", "a", "a")), repo.get("x"), "a reader sees the last complete version");
        Pair b = new Pair("a", "a", "c");
        assertThrows(RecordConflictException.class, () -> repo.put("x", b), "B waits for the live writer, then gives up");
        go.countDown();
        writerA.get(5, TimeUnit.SECONDS);
        assertEquals(Optional.of(new Pair("b", "b", "b")), repo.get("x"), "exactly A's record, no mix");
        pool.shutdown();
        slow.close();
    }

    @Test
    void aDeadWritersRecordIsReadAsItsLastVersionAndTakenOverAfterTheLease() {   // findings 6, 12
        Repository<Pair> repo = mapper.repository(etcd, "/p", Pair.class);
        repo.put("x", new Pair("a", "a", "a"));
        repo.put("y", new Pair("y", "y", "y"));
        // A writer dies after its first leaf: its adapter stops answering (throws) from then on.
        EtcdAdapter dying = new EtcdAdapter() {
            final EtcdAdapter real = fake.adapter();
            boolean dead;

            @Override
            public synchronized CompletableFuture<EtcdResult> execute(EtcdRequest r) {
                if (dead) {
                    throw new IllegalStateException("the process died");
                }
                CompletableFuture<EtcdResult> f = real.execute(r);
                dead = r.key().path().equals("/p/x/left") && r.isWrite();
                return f;
            }

            @Override
            public void close() {
            }
        };
        Repository<Pair> dead = mapper.repository(Etcd.of(dying), "/p", Pair.class);
        assertThrows(IllegalStateException.class, () -> dead.put("x", new Pair("b", "b", "b")));
        assertEquals("b", etcd.get("/p/x/left").node().asValue().value(), "half-written on the server");
        assertEquals(Optional.of(new Pair("a", "a", "a")), repo.get("x"));
        assertEquals(Map.of("x", new Pair("a", "a", "a"), "y", new Pair("y", "y", "y")), repo.list(), "list never fails");
        clock.advance(Duration.ofSeconds(6));   // the dead writer's lease runs out
        assertEquals(new Pair("a", "a", "z"), repo.update("x", p -> new Pair(p.left(), p.right(), "z")));
        assertEquals(Optional.of(new Pair("a", "a", "z")), repo.get("x"));
    }

    @Test
    void aCrashedCreateLeavesNothingThatBreaksList() {   // finding 12
        Repository<Pair> repo = mapper.repository(etcd, "/s", Pair.class);
        repo.put("ok", new Pair("1", "2", "3"));
        etcd.appendDirectory("/s");
        assertEquals(Map.of("ok", new Pair("1", "2", "3")), assertDoesNotThrow(repo::list));
    }

    @Test
    void aSubSecondTtlIsRejectedBeforeAnythingIsWritten() {   // finding 6
        Repository<Leased> repo = mapper.repository(etcd, "/l", Leased.class);
        repo.put("a", new Leased("1", Duration.ofSeconds(30)));
        fake.clearRequests();
        assertThrows(IllegalArgumentException.class, () -> repo.put("a", new Leased("2", Duration.ofMillis(1500))));
        assertTrue(fake.requests().isEmpty(), "checked before any I/O");
        assertEquals(Optional.of("1"), repo.get("a").map(Leased::v));
    }

    @Test
    void aNestedTtlIsRejectedWhenThePlanIsBuilt() {   // finding 8
        MappingException e = assertThrows(MappingException.class, () -> mapper.repository(etcd, "/o", Outer.class));
        assertTrue(e.getMessage().contains("@EtcdTtl only works on the top-level record"), e.getMessage());
    }

    @Test
    void removingARecordKeepsSiblingsThatShareItsPrefix() {   // finding 3
        Repository<Labelled> repo = mapper.repository(etcd, "/w", Labelled.class);
        repo.put("web", new Labelled(Map.of("a", "1")));
        repo.put("web-1", new Labelled(Map.of("a", "1", "a-b", "2")));
        try (RecordWatch<Labelled> watch = repo.watchAll()) {
            repo.delete("web");
            repo.put("web-1", new Labelled(Map.of("a-b", "2")));
            assertEquals(new RecordEvent.Removed<Labelled>("web"), watch.next());
            assertEquals(new RecordEvent.Put<>("web-1", new Labelled(Map.of("a-b", "2"))), watch.next());
        }
    }

    @Test
    void deletingTheWatchedDirectoryRemovesEveryRecord() {   // finding 4
        Repository<Labelled> repo = mapper.repository(etcd, "/s", Labelled.class);
        repo.put("a", new Labelled(Map.of("x", "1", "y", "2")));
        try (RecordWatch<Labelled> all = repo.watchAll(); RecordWatch<Labelled> one = repo.watch("a")) {
            etcd.delete("/s", dev.etcdj.api.Option.recursive());
            repo.put("a", new Labelled(Map.of("y", "3")));
            assertEquals(new RecordEvent.Resync<Labelled>(Map.of()), all.next());
            assertEquals(new RecordEvent.Put<>("a", new Labelled(Map.of("y", "3"))), all.next());
            assertEquals(new RecordEvent.Removed<Labelled>("a"), one.next());
            assertEquals(new RecordEvent.Put<>("a", new Labelled(Map.of("y", "3"))), one.next());
        }
    }

    @Test
    void aResyncCarriesRecordsThatAreMidWrite() {   // finding 19
        Repository<Pair> repo = mapper.repository(etcd, "/r", Pair.class);
        repo.put("x", new Pair("1", "2", "3"));
        etcd.set("/r/x/~rev", "2~+L4:left1:1L5:right1:2L5:third1:3");   // a writer of revision 2 died...
        etcd.set("/r/x/left", "torn");                                   // ...after its first leaf
        // The watch's first poll is answered as if it had fallen behind etcd's history (error 401).
        EtcdAdapter outrun = new EtcdAdapter() {
            final EtcdAdapter real = fake.adapter();
            boolean once;

            @Override
            public synchronized CompletableFuture<EtcdResult> execute(EtcdRequest r) {
                if (r.operation() == EtcdRequest.Operation.WAIT && !once) {
                    once = true;
                    return CompletableFuture.failedFuture(dev.etcdj.api.EtcdServerException.of(401,
                            "The event in requested index is outdated and cleared", "the requested history has been cleared", 9));
                }
                return real.execute(r);
            }

            @Override
            public void close() {
            }
        };
        try (RecordWatch<Pair> watch = mapper.repository(Etcd.of(outrun), "/r", Pair.class).watchAll()) {
            RecordEvent<Pair> e = watch.poll(Duration.ofSeconds(5)).orElseThrow();
            assertEquals(new RecordEvent.Resync<>(Map.of("x", new Pair("1", "2", "3"))), e);
        }
    }

    @Test
    void plansAreCompleteBeforeAnyThreadSeesThem() throws Exception {   // the plan cache race
        for (int round = 0; round < 20; round++) {
            EtcdMapper fresh = EtcdMapper.create();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Map<String, String>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return fresh.toKeys(new Outer2(new Pair("l", "r", "t"), List.of(new Pair("1", "2", "3"))));
                }));
            }
            start.countDown();
            for (Future<Map<String, String>> f : results) {
                assertEquals("l", f.get(5, TimeUnit.SECONDS).get("p/left"));
            }
            pool.shutdown();
        }
    }

    record Outer2(Pair p, List<Pair> ps) {
    }
}
