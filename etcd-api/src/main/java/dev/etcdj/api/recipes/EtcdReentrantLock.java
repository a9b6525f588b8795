package dev.etcdj.api.recipes;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdInterruptedException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A reentrant distributed lock (the seeds' {@code get_rlock(name, instance_value)}): the same owner id
 * re-enters without blocking and counts its holds; the lock is released when every hold is closed. It is
 * {@link EtcdLock}'s line (same layout, fairness, TTL and fencing token) with one key per owner.
 *
 * <pre>{@code
 * EtcdReentrantLock lock = EtcdReentrantLock.newBuilder(etcd, "ledger", "worker-7").build();
 * try (EtcdReentrantLock.Hold outer = lock.lock()) {
 *     try (EtcdReentrantLock.Hold inner = lock.lock()) {   // does not block: worker-7 holds it
 *         post(entry, inner.fencingToken());
 *     }
 * }                                                        // released here
 * }</pre>
 *
 * <p><b>Re-entry is by owner id, not by thread</b>, as in the seeds: every thread using this object holds
 * the lock while any of them does. Another object (or process) built with the same owner id adopts the
 * holder's key when it is first in line, so the seeds' "same instance value re-enters" holds across
 * processes too; each object then keeps its own count, and the first to release its last hold deletes the
 * shared key. Keep one object per owner id where you can.
 *
 * <p>Thread-safe. Blocking calls are interruptible and bounded by their timeouts; a failed attempt leaves
 * no key behind.
 */
public final class EtcdReentrantLock {
    private final Line line;
    private final String owner;
    /** One etcd acquisition at a time for this owner: the others wait here and then re-enter. */
    private final Semaphore acquiring = new Semaphore(1, true);
    private Ticket ticket;
    private int holds;

    private EtcdReentrantLock(Builder b) {
        this.line = new Line(b, "reentrant lock");
        this.owner = b.owner;
    }

    /**
     * {@return a builder for the lock {@code name} held by {@code owner} (the seeds' instance value)}
     *
     * @param etcd the client
     * @param name the lock's name, one key segment
     * @param owner the owner id: holds by the same owner nest
     */
    public static Builder newBuilder(Etcd etcd, String name, String owner) {
        return new Builder(etcd, name, owner);
    }

    /**
     * Waits as long as it takes for the lock (at once if this owner holds it); interruptible.
     *
     * @return a hold; close it to release this level
     */
    public Hold lock() {
        return acquire(Long.MAX_VALUE).orElseThrow();
    }

    /**
     * Waits at most {@code timeout}; empty (and no key left behind) if another owner still holds it.
     *
     * @param timeout how long to wait at most
     * @return a hold, or empty if another owner kept the lock
     */
    public Optional<Hold> lock(Duration timeout) {
        return acquire(Recipes.deadline(timeout));
    }

    /**
     * Takes the lock if this owner holds it or it is free now; empty otherwise.
     *
     * @return a hold, or empty if another owner has the lock
     */
    public Optional<Hold> tryLock() {
        return acquire(System.nanoTime());
    }

    /** {@return how many holds this object has open (0 when it does not hold the lock)} */
    public synchronized int holdCount() {
        return ticket == null || ticket.lost().isDone() ? 0 : holds;
    }

    private Optional<Hold> acquire(long deadline) {
        Optional<Hold> again = reenter();
        if (again.isPresent()) {
            return again;
        }
        try {
            long left = Recipes.left(deadline);
            if (!acquiring.tryAcquire(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EtcdInterruptedException(line.what + ": interrupted", e);
        }
        try {
            again = reenter();
            if (again.isPresent()) {
                return again;
            }
            Optional<Ticket> got = line.adoptFirst(owner);
            if (got.isEmpty()) {
                got = line.join(owner, 1, deadline);
            }
            if (got.isEmpty()) {
                return Optional.empty();
            }
            Ticket previous;
            synchronized (this) {
                previous = ticket;
                ticket = got.get();
                holds = 0;
            }
            if (previous != null) {
                previous.leave();   // lost: stop its refresher; its holds count out into nothing
            }
            return reenter();
        } finally {
            acquiring.release();
        }
    }

    /** Counts one more hold if this object holds a ticket that was not found lost. */
    private synchronized Optional<Hold> reenter() {
        if (ticket == null || ticket.isLeft() || ticket.lost().isDone()) {
            return Optional.empty();
        }
        holds++;
        return Optional.of(new Hold(ticket));
    }

    private void release(Ticket of) {
        boolean last;
        synchronized (this) {
            if (of != ticket) {
                return;   // a hold of an earlier, lost acquisition
            }
            last = --holds == 0;
            if (last) {
                ticket = null;
            }
        }
        if (last) {
            of.leave();
        }
    }

    @Override
    public synchronized String toString() {
        return "EtcdReentrantLock[" + line + ", owner=" + owner + ", holds=" + holds
                + (ticket == null ? "" : ", " + ticket) + "]";
    }

    /** One hold: close it to count it out; the last one releases the lock. Thread-safe. */
    public final class Hold implements AutoCloseable {
        private final Ticket of;
        private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

        private Hold(Ticket of) {
            this.of = of;
        }

        /** {@return the fencing token: the lock key's {@code createdIndex}, larger for every later owner} */
        public long fencingToken() {
            return of.token;
        }

        /** {@return the key that holds the lock} */
        public String key() {
            return of.key;
        }

        /**
         * Re-reads the lock: whether the owner's key is still first (completes {@link #lost()} if not).
         *
         * @return whether the owner still holds the lock
         */
        public boolean isHeld() {
            return !closed.get() && of.isAdmitted(1);
        }

        /**
         * Completes when the lock was found lost; never if released.
         *
         * @return a future completed when the lock is found lost
         */
        public CompletableFuture<Void> lost() {
            return of.lost();
        }

        /** Counts this hold out (idempotent); the last hold of the owner releases the lock. */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release(of);
            }
        }

        @Override
        public String toString() {
            return "EtcdReentrantLock.Hold[" + of + (closed.get() ? ", closed" : "") + "]";
        }
    }

    /** Configures an {@link EtcdReentrantLock}. Not thread-safe. */
    public static final class Builder extends LeasedRecipeBuilder<Builder> {
        private final String owner;

        private Builder(Etcd etcd, String name, String owner) {
            super(etcd, "lock", name, EtcdLock.LOCKS);
            this.owner = Objects.requireNonNull(owner, "owner == null");
            if (owner.isEmpty()) {
                throw new IllegalArgumentException("the owner id must not be empty: it is how the owner finds its key");
            }
        }

        /** {@return the lock} */
        public EtcdReentrantLock build() {
            return new EtcdReentrantLock(this);
        }
    }
}
