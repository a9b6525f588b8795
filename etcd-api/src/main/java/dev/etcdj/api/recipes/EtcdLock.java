package dev.etcdj.api.recipes;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdInterruptedException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A fair distributed lock on etcd v2, in python-etcd's {@code etcd.Lock} layout: a contender appends an
 * in-order key below {@code /_locks/<name>} holding its owner id, with a TTL; the lowest key holds the lock;
 * every other contender waits for the delete or expiry of the key just before its own (no thundering herd)
 * and then checks again. So Java and Python processes exclude each other on the same lock.
 *
 * <pre>{@code
 * EtcdLock lock = EtcdLock.newBuilder(etcd, "reindex").ttl(Duration.ofSeconds(15)).build();
 * try (EtcdLock.Held held = lock.lock()) {
 *     storage.write(data, held.fencingToken());   // the storage rejects tokens older than the last it saw
 * }
 * }</pre>
 *
 * <p><b>A lock on a TTL is a lease.</b> While held, the key's TTL is refreshed every third of it (without
 * waking watchers) on a shared scheduler; a holder that stalls or loses etcd for longer than the TTL loses
 * the lock, and another contender may get it while the first still believes it holds it.
 * {@link Held#isHeld()} re-reads, and {@link Held#lost()} completes when a refresh finds the key gone. What
 * makes it safe is the <b>fencing token</b> ({@link Held#fencingToken()}, the key's {@code createdIndex}):
 * it increases with every acquisition, so the guarded resource can refuse a stale holder.
 *
 * <p>{@link #tryLock()} leaves no key behind when it fails, and {@link #lock(Duration)} returns on time
 * and leaves none either. Blocking calls are interruptible ({@link EtcdInterruptedException}, the key
 * removed). Thread-safe; one {@code EtcdLock} may be used by many threads, each acquisition its own
 * contender (for re-entry by the same owner, see {@link EtcdReentrantLock}).
 */
public final class EtcdLock {
    /** The directory python-etcd keeps its locks in. */
    public static final String LOCKS = "/_locks";

    private final Line line;
    private final String owner;

    private EtcdLock(Builder b) {
        this.line = new Line(b, "lock");
        this.owner = b.owner;
    }

    /**
     * {@return a builder for the lock {@code name} (one key segment)}
     *
     * @param etcd the client
     * @param name the lock's name, one key segment
     */
    public static Builder newBuilder(Etcd etcd, String name) {
        return new Builder(etcd, name);
    }

    /**
     * Waits as long as it takes for the lock; interruptible.
     *
     * @return the held lock; close it to release
     */
    public Held lock() {
        return acquire(Long.MAX_VALUE).orElseThrow();
    }

    /**
     * Waits at most {@code timeout} for the lock; empty (and no key left behind) if it is still held by another.
     *
     * @param timeout how long to wait at most
     * @return the held lock, or empty if it stayed taken
     */
    public Optional<Held> lock(Duration timeout) {
        return acquire(Recipes.deadline(timeout));
    }

    /**
     * Takes the lock if it is free now; empty (and no key left behind) otherwise.
     *
     * @return the held lock, or empty if it is taken
     */
    public Optional<Held> tryLock() {
        return acquire(System.nanoTime());
    }

    private Optional<Held> acquire(long deadline) {
        return line.join(owner, 1, deadline).map(Held::new);
    }

    @Override
    public String toString() {
        return "EtcdLock[" + line + ", owner=" + owner + "]";
    }

    /** One acquisition: close it (or {@link #unlock()}) to release the lock. Thread-safe. */
    public static final class Held extends Claim {
        Held(Ticket ticket) {
            super(ticket);
        }

        /** {@return the fencing token: the lock key's {@code createdIndex}, larger for every later holder} */
        public long fencingToken() {
            return ticket.token;
        }

        /**
         * Re-reads the lock: whether this key still exists and is the first (completes {@link #lost()} if not).
         *
         * @return whether this holder still has the lock
         */
        public boolean isHeld() {
            return ticket.isAdmitted(1);
        }

        /** Releases the lock (deletes its key); the same as {@link #close()}. Idempotent. */
        public void unlock() {
            close();
        }
    }

    /** Configures an {@link EtcdLock}. Not thread-safe. */
    public static final class Builder extends LeasedRecipeBuilder<Builder> {
        private String owner = UUID.randomUUID().toString();

        private Builder(Etcd etcd, String name) {
            super(etcd, "lock", name, LOCKS);
        }

        /**
         * Sets the owner id written in the lock key (a random UUID by default).
         *
         * @param owner the owner id
         * @return this builder
         */
        public Builder owner(String owner) {
            this.owner = Objects.requireNonNull(owner, "owner == null");
            return this;
        }

        /** {@return the lock} */
        public EtcdLock build() {
            return new EtcdLock(this);
        }
    }
}
