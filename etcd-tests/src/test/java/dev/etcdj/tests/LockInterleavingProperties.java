package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.recipes.EtcdLock;
import dev.etcdj.testkit.FakeEtcd;
import dev.etcdj.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Random interleavings of lock, timed lock, unlock and crash (a holder that stops refreshing, then its TTL
 * lapses) by four contenders on the fake with a manual clock: the lock always has at most one holder, a
 * free lock is always taken, failed attempts leave no key, and fencing tokens only grow.
 */
class LockInterleavingProperties {
    static final Duration TTL = Duration.ofSeconds(10);

    enum Kind { TRY_LOCK, TIMED_LOCK, UNLOCK, CRASH }

    record Step(Kind kind, int contender) {
    }

    @Provide
    Arbitrary<Step> steps() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 3)).as(Step::new);
    }

    @Property(tries = 60)
    void theLockStaysExclusiveWhateverTheInterleaving(@ForAll @Size(max = 30) List<@net.jqwik.api.From("steps") Step> steps) {
        ManualClock clock = ManualClock.startingNow();
        ScheduledThreadPoolExecutor stalled = new ScheduledThreadPoolExecutor(1, r -> new Thread(() -> { }));
        try (FakeEtcd fake = FakeEtcd.newBuilder().clock(clock).build()) {
            Etcd etcd = fake.client();
            EtcdLock[] contenders = new EtcdLock[4];
            for (int i = 0; i < contenders.length; i++) {
                contenders[i] = EtcdLock.newBuilder(etcd, "prop").ttl(TTL).owner("c" + i).scheduler(stalled).build();
            }
            EtcdLock.Held holder = null;
            long lastToken = 0;
            for (Step step : steps) {
                switch (step.kind()) {
                    case TRY_LOCK, TIMED_LOCK -> {
                        EtcdLock lock = contenders[step.contender()];
                        Optional<EtcdLock.Held> got = step.kind() == Kind.TRY_LOCK ? lock.tryLock() : lock.lock(Duration.ofMillis(5));
                        if (holder == null) {
                            EtcdLock.Held h = got.orElseThrow(() -> new AssertionError("a free lock was not taken: " + step));
                            assertTrue(h.fencingToken() > lastToken, "fencing tokens grow");
                            lastToken = h.fencingToken();
                            holder = h;
                        } else {
                            assertEquals(Optional.empty(), got, "a second holder: " + step);
                        }
                    }
                    case UNLOCK -> {
                        if (holder != null) {
                            holder.unlock();
                            holder = null;
                        }
                    }
                    case CRASH -> {
                        clock.advance(TTL.plusSeconds(1));
                        if (holder != null) {
                            assertFalse(holder.isHeld(), "a crashed holder's lease lapsed");
                            assertTrue(holder.lost().isDone());
                            holder = null;
                        }
                    }
                }
                assertEquals(holder == null ? 0 : 1, keys(etcd), "keys in line after " + step);
                if (holder != null) {
                    assertTrue(holder.isHeld());
                }
            }
        } finally {
            stalled.shutdownNow();
        }
    }

    static int keys(Etcd etcd) {
        try {
            return etcd.get(EtcdLock.LOCKS + "/prop").node().asDirectory().children().size();
        } catch (KeyNotFoundException e) {
            return 0;
        }
    }
}
