package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.recipes.EtcdElection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link EtcdElection} (seed row I8) on one backend. */
abstract class ElectionSuite extends BackendSuite {
    final String name = RealEtcd.unique("election").substring(1);

    ElectionSuite(Backend backend) {
        super(backend);
    }

    EtcdElection.Builder election() {
        return EtcdElection.newBuilder(etcd, name).ttl(Duration.ofSeconds(2));
    }

    int candidates() {
        try {
            return etcd.get(EtcdElection.ELECTIONS + "/" + name).node().asDirectory().children().size();
        } catch (KeyNotFoundException e) {
            return 0;
        }
    }

    /** An observer that records every leader value it is sent ("-" for none). */
    static final class Observer implements Flow.Subscriber<Optional<EtcdElection.Leader>> {
        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        volatile Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Optional<EtcdElection.Leader> leader) {
            seen.add(leader.map(EtcdElection.Leader::value).orElse("-"));
        }

        @Override
        public void onError(Throwable t) {
            seen.add("error: " + t);
        }

        @Override
        public void onComplete() {
            seen.add("complete");
        }

        List<String> take(int n) throws InterruptedException {
            List<String> got = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String s = seen.poll(20, TimeUnit.SECONDS);
                assertNotNull(s, "observer got only " + got);
                got.add(s);
            }
            return got;
        }
    }

    @Test
    void fiveCandidatesElectOneLeaderAtATimeAndEveryObserverSeesTheSameLeaders() throws Exception {
        EtcdElection election = election().build();
        List<Observer> observers = List.of(new Observer(), new Observer(), new Observer());
        for (Observer o : observers) {
            election.observe().subscribe(o);
            assertEquals("-", o.seen.poll(20, TimeUnit.SECONDS), "nobody leads at first");
        }
        List<String> expected = new ArrayList<>();
        // The first leader stalls: its refreshes never run, so it dies when its TTL lapses.
        ScheduledThreadPoolExecutor stalled = new ScheduledThreadPoolExecutor(1, r -> new Thread(() -> { }));
        EtcdElection.Leadership first = election().scheduler(stalled).build().campaign("c0");
        expected.add("c0");
        BlockingQueue<EtcdElection.Leadership> elected = new LinkedBlockingQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 1; i <= 4; i++) {
            String value = "c" + i;
            pool.submit(() -> {
                elected.add(election.campaign(value, Duration.ofSeconds(60)).orElseThrow());
                return null;
            });
        }
        awaitTrue(() -> candidates() == 5, "every candidate in line");
        EtcdElection.Leadership previous = first;
        for (int round = 0; round < 4; round++) {
            EtcdElection.Leadership leader = elected.poll(30, TimeUnit.SECONDS);
            assertNotNull(leader, "a new leader after " + previous);
            expected.add(leader.value());
            assertTrue(leader.term() > previous.term(), "terms grow");
            assertFalse(previous.isLeader(), "the previous leader is not leading any more");
            assertTrue(leader.isLeader());
            assertEquals(Optional.of(leader.value()), election.leader().map(EtcdElection.Leader::value));
            assertTrue(elected.isEmpty(), "exactly one leader at a time");
            if (round == 0) {
                assertTrue(first.lost().isDone(), "the dead leader learned it lost");
            }
            leader.proclaim(leader.value() + "+");
            expected.add(leader.value());
            assertEquals(Optional.of(leader.value()), election.leader().map(EtcdElection.Leader::value));
            leader.resign();
            previous = leader;
        }
        expected.add("-");
        for (Observer o : observers) {
            assertEquals(expected, o.take(expected.size()), "every observer sees the same leaders");
            o.subscription.cancel();
        }
        pool.shutdown();
        stalled.shutdownNow();
        first.resign();
        assertEquals(0, candidates());
    }

    @Test
    void aCampaignThatTimesOutWithdrawsAndAProclaimAfterLosingFails() throws Exception {
        EtcdElection election = election().build();
        try (EtcdElection.Leadership leader = election.campaign("a")) {
            long start = System.nanoTime();
            assertEquals(Optional.empty(), election.campaign("b", Duration.ofMillis(300)));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300));
            assertEquals(1, candidates(), "the timed-out candidate withdrew");
            etcd.delete(leader.key());   // an operator removes the leader's key
            awaitTrue(() -> leader.lost().isDone(), "the next refresh finds the leadership lost");
            assertThrows(KeyNotFoundException.class, () -> leader.proclaim("still me?"));
            assertTrue(leader.lost().isDone());
            assertEquals(Optional.empty(), election.leader());
        }
    }
}
