package dev.etcdj.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A clock that moves only when told. Give it to {@link FakeEtcd.Builder#clock(Clock)} and TTLs expire
 * exactly when the test advances time past them, with their {@code expire} events, with no sleeping.
 * Thread-safe.
 */
public final class ManualClock extends Clock {
    /** The time, shared with every {@link #withZone} copy, so that they all move together. */
    private final java.util.concurrent.atomic.AtomicReference<Instant> now;
    private final ZoneId zone;
    private final List<Consumer<Instant>> listeners;

    private ManualClock(java.util.concurrent.atomic.AtomicReference<Instant> now, ZoneId zone, List<Consumer<Instant>> listeners) {
        this.now = now;
        this.zone = zone;
        this.listeners = listeners;
    }

    /**
     * {@return a clock standing at {@code start}, in UTC}
     *
     * @param start the clock's first instant
     */
    public static ManualClock startingAt(Instant start) {
        return new ManualClock(new java.util.concurrent.atomic.AtomicReference<>(Objects.requireNonNull(start, "start == null")),
                ZoneOffset.UTC, new CopyOnWriteArrayList<>());
    }

    /** {@return a clock standing at the current system time, truncated to milliseconds, in UTC} */
    public static ManualClock startingNow() {
        return startingAt(Instant.ofEpochMilli(System.currentTimeMillis()));
    }

    /**
     * Moves the clock forward by {@code amount} and lets the fakes using it expire what is due.
     *
     * @param amount how far, not negative
     */
    public void advance(Duration amount) {
        Objects.requireNonNull(amount, "amount == null");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount < 0: " + amount + " (a clock does not go back)");
        }
        Instant t;
        t = now.updateAndGet(n -> n.plus(amount));
        for (Consumer<Instant> l : listeners) {
            l.accept(t);
        }
    }

    /** Calls {@code listener} with the new time after every {@link #advance}. */
    void onAdvance(Consumer<Instant> listener) {
        listeners.add(listener);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new ManualClock(now, zone, listeners);
    }

    @Override
    public String toString() {
        return "ManualClock[" + now.get() + "]";
    }
}
