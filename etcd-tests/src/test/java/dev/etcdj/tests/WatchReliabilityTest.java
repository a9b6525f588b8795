package dev.etcdj.tests;

import static dev.etcdj.api.Option.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.*;
import dev.etcdj.api.spi.EtcdAdapter;
import dev.etcdj.api.spi.EtcdRequest;
import dev.etcdj.testkit.FakeEtcd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watch promises of the README, each broken at eb789c4 (reliability review, findings 1, 11, 14-16, 18, 30). */
class WatchReliabilityTest {
    final FakeEtcd fake = FakeEtcd.create();
    final Etcd etcd = fake.client();

    @AfterEach
    void close() {
        etcd.close();
        fake.close();
    }

    /** An adapter that hands each request to {@code fn}, which may answer or pass it on to the fake. */
    static EtcdAdapter intercept(EtcdAdapter real, Function<EtcdRequest, CompletableFuture<EtcdResult>> fn) {
        return new EtcdAdapter() {
            @Override
            public CompletableFuture<EtcdResult> execute(EtcdRequest request) {
                CompletableFuture<EtcdResult> f = fn.apply(request);
                return f != null ? f : real.execute(request);
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }

    @Test
    void aWatchWithoutAStartIndexLosesNoEventWrittenDuringABackOff() {   // finding 1
        fake.failNext(r -> r.operation() == EtcdRequest.Operation.WAIT, new EtcdConnectionException("drop", null, false));
        try (Watch w = etcd.watch("/k")) {
            etcd.set("/k", "1");   // lands while the first poll has failed and the watch backs off
            Optional<WatchEvent> e = w.poll(Duration.ofSeconds(3));
            assertTrue(e.isPresent(), "the event written during the back-off is delivered");
            assertEquals("1", ((WatchEvent.Change) e.get()).result().node().asValue().value());
        }
    }

    @Test
    void aWatchWithoutAStartIndexLosesNoEventAcrossPollTimeouts() {   // finding 1, with the README's timeout()
        fake.failNext(r -> r.operation() == EtcdRequest.Operation.WAIT, new EtcdTimeoutException("poll timed out", null));
        try (Watch w = etcd.watch("/k", timeout(Duration.ofSeconds(5)))) {
            etcd.set("/k", "a");   // right after the first poll timed out
            etcd.set("/k", "b");
            assertEquals("a", value(next(w)));
            assertEquals("b", value(next(w)));
        }
    }

    @Test
    void aWriteRightAfterWatchReturnsIsDeliveredEvenWhenLearningTheIndexIsSlow() {   // finding 1, the start itself
        EtcdAdapter slowReads = intercept(fake.adapter(), r -> r.operation() != EtcdRequest.Operation.GET ? null
                : CompletableFuture.supplyAsync(() -> {
                    sleep(200);
                    return fake.adapter().execute(r).join();
                }));
        try (Etcd client = Etcd.of(slowReads); Watch w = client.watch("/k")) {
            etcd.set("/k", "right after");
            assertEquals("right after", value(next(w)));
        }
    }

    @Test
    void aWatchStartedWithoutIndexDoesNotSeeEarlierWrites() {
        etcd.set("/k", "before");
        try (Watch w = etcd.watch("/k")) {
            assertEquals(Optional.empty(), w.poll(Duration.ofMillis(200)));
            etcd.set("/k", "after");
            assertEquals("after", value(next(w)));
        }
    }

    @Test
    void longPollsHaveADefaultTimeoutAndAnUnreachableServerEndsTheWatch() {   // finding 11
        List<EtcdRequest> seen = new ArrayList<>();
        EtcdAdapter dead = intercept(fake.adapter(), r -> {
            synchronized (seen) {
                seen.add(r);
            }
            return seen.size() == 1 ? null : CompletableFuture.failedFuture(new EtcdConnectionException("refused", null, false));
        });
        try (Etcd client = Etcd.of(dead); Watch w = client.watch("/k", maxOutage(Duration.ofMillis(300)))) {
            EtcdConnectionException e = assertThrows(EtcdConnectionException.class,
                    () -> assertTimeoutPreemptively(Duration.ofSeconds(5), w::next));
            assertTrue(e.getMessage().contains("maxOutage"), e.getMessage());
        }
        EtcdRequest firstWait = seen.stream().filter(r -> r.operation() == EtcdRequest.Operation.WAIT).findFirst().orElseThrow();
        assertEquals(Duration.ofSeconds(60), firstWait.timeout(), "every long poll carries a timeout by default");
    }

    @Test
    void aQuietKeyIsNotAnOutage() {   // finding 11: poll timeouts on a live server never end the watch
        try (Watch w = etcd.watch("/quiet", timeout(Duration.ofMillis(50)), maxOutage(Duration.ofMillis(200)))) {
            assertEquals(Optional.empty(), w.poll(Duration.ofMillis(800)));
            etcd.set("/quiet", "now");
            assertEquals("now", value(next(w)));
        }
    }

    @Test
    void historyAnswersForOtherKeysAreNotDelivered() {   // finding 18 (fixture 142's raw-prefix match)
        EtcdResult s = etcd.mkdir("/wdirANDMORE");
        etcd.mkdir("/wdir");
        etcd.set("/wdirANDMORE/_hidden", "h");
        etcd.delete("/wdir", dir());
        etcd.delete("/wdirANDMORE/_hidden");
        EtcdResult mine = etcd.set("/wdirANDMORE/x", "x");
        try (Watch w = etcd.watch("/wdirANDMORE", recursive(), afterIndex(s.etcdIndex()))) {
            WatchEvent.Change first = (WatchEvent.Change) next(w);
            assertEquals("/wdirANDMORE/x", first.result().node().key(), "neither /wdir nor the hidden key");
            assertEquals(mine.node().modifiedIndex(), first.result().node().modifiedIndex());
        }
    }

    @Test
    void anAnswerWithoutANodeEndsTheWatchWithAProtocolError() {   // finding 15
        EtcdAdapter broken = intercept(fake.adapter(), r -> r.operation() == EtcdRequest.Operation.WAIT
                ? CompletableFuture.completedFuture(EtcdResult.of(Action.SET, null, null, 5, 5, 2, "x")) : null);
        try (Etcd client = Etcd.of(broken); Watch w = client.watch("/k")) {
            assertThrows(EtcdProtocolException.class, () -> assertTimeoutPreemptively(Duration.ofSeconds(2), w::next));
        }
    }

    @Test
    void aThrowingSubscriberGetsOnErrorAndTheWatchStops() throws Exception {   // finding 15
        AtomicReference<Throwable> error = new AtomicReference<>();
        CountDownLatch ended = new CountDownLatch(1);
        etcd.async().watch("/k").subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(10);
            }

            @Override
            public void onNext(WatchEvent item) {
                throw new IllegalStateException("subscriber bug");
            }

            @Override
            public void onError(Throwable t) {
                error.set(t);
                ended.countDown();
            }

            @Override
            public void onComplete() {
            }
        });
        sleep(100);
        etcd.set("/k", "1");
        assertTrue(ended.await(2, TimeUnit.SECONDS), "onError is called");
        assertEquals("subscriber bug", error.get().getMessage());
    }

    @Test
    void pollReturnsWithinItsTimeoutWhileAnotherThreadIsBlockedInNext() throws Exception {   // finding 16
        Watch w = etcd.watch("/k");
        {
            Thread blocked = new Thread(() -> {
                try {
                    w.next();
                } catch (RuntimeException expected) {
                    // closed at the end of the test
                }
            });
            blocked.start();
            sleep(100);
            long start = System.nanoTime();
            assertEquals(Optional.empty(), assertTimeoutPreemptively(Duration.ofSeconds(5), () -> w.poll(Duration.ofMillis(300))),
                    "poll returned at all (at eb789c4 it waited for the monitor that next() holds, forever)");
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(1000), "poll kept its own timeout");
            w.close();
            blocked.join(2000);
            assertFalse(blocked.isAlive());
        }
    }

    @Test
    void nothingIsDeliveredAfterClose() {   // finding 30
        Watch w = etcd.watch("/k");
        etcd.set("/k", "1");
        etcd.set("/k", "2");
        sleep(100);   // both are buffered
        w.close();
        assertThrows(IllegalStateException.class, w::next);
        assertThrows(IllegalStateException.class, w::next);
        assertFalse(w.iterator().hasNext());
    }

    @Test
    void cancellingWhileAWaitIsBeingStartedCancelsThatWait() throws Exception {   // finding 14
        CompletableFuture<EtcdResult> started = new CompletableFuture<>();
        CountDownLatch inExecute = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        EtcdAdapter slow = intercept(fake.adapter(), r -> {
            if (r.operation() != EtcdRequest.Operation.WAIT) {
                return null;
            }
            inExecute.countDown();
            try {
                cancelled.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return started;
        });
        Etcd client = Etcd.of(slow);
        AtomicReference<Flow.Subscription> sub = new AtomicReference<>();
        Thread t = new Thread(() -> client.async().watch("/k", afterIndex(1)).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                sub.set(s);
                s.request(1);
            }

            @Override
            public void onNext(WatchEvent item) {
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        }));
        t.start();
        assertTrue(inExecute.await(2, TimeUnit.SECONDS));
        sub.get().cancel();
        cancelled.countDown();
        t.join(2000);
        assertTrue(started.isCancelled(), "the long poll started during cancel() is cancelled, not left open");
        client.close();
    }

    @Test
    void updateKeepsTheTtlTheServerReportedNotTheClientClock() {   // finding 5
        dev.etcdj.testkit.ManualClock clock = dev.etcdj.testkit.ManualClock.startingAt(java.time.Instant.now().minusSeconds(60));
        try (FakeEtcd skewed = FakeEtcd.newBuilder().clock(clock).build(); Etcd e = skewed.client()) {
            e.set("/k", "1", ttl(Duration.ofSeconds(30)));
            e.atomicUpdate("/k", v -> v + "1");
            clock.advance(Duration.ofSeconds(1));
            Value v = e.get("/k").node().asValue();
            assertEquals("11", v.value());
            assertEquals(Optional.of(Duration.ofSeconds(29)), v.ttl(), "the server's remaining TTL, not 0 by a skewed clock");
        }
    }

    @Test
    void aValueWithAnUnpairedSurrogateIsRejectedBeforeAnyIo() {   // finding 23
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> etcd.set("/k", "a\uD800b"));
        assertTrue(e.getMessage().contains("unpaired surrogate at index 1"), e.getMessage());
        assertTrue(fake.requests().isEmpty());
        etcd.set("/k", "emoji \uD83D\uDE00");
        assertEquals("emoji \uD83D\uDE00", etcd.get("/k").node().asValue().value());
    }

    /** The next event, or a failure after 5 s: a lost event must fail the test, not hang it. */
    static WatchEvent next(Watch w) {
        return assertTimeoutPreemptively(Duration.ofSeconds(5), w::next, "no event within 5 s");
    }

    static String value(WatchEvent e) {
        return ((WatchEvent.Change) e).result().node().asValue().value();
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
