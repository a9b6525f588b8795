package dev.etcdj.api.recipes;

import dev.etcdj.api.Etcd;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * A distributed counting semaphore (Curator's {@code InterProcessSemaphoreV2}): at most {@code permits}
 * holders at a time, each holding a lease on a TTL key. Contenders line up on in-order keys below
 * {@code /_semaphores/<name>}; the first {@code permits} keys hold a permit, the others wait (for any change
 * below the directory, bounded by a third of the TTL) and check again. Fair: permits go in arrival order.
 *
 * <pre>{@code
 * EtcdSemaphore downloads = EtcdSemaphore.newBuilder(etcd, "downloads", 4).build();
 * try (EtcdSemaphore.Permit permit = downloads.acquire()) {
 *     download(url);
 * }
 * }</pre>
 *
 * <p>Every party must be built with the same number of permits; a party with a larger number admits more.
 * A permit is a lease: a holder that stalls longer than the TTL loses it ({@link Permit#lost()},
 * {@link Permit#isHeld()}). Thread-safe; each acquisition is its own contender; blocking calls are
 * interruptible, bounded by their timeouts, and leave no key behind when they fail.
 */
public final class EtcdSemaphore {
    /** Where semaphores keep their keys by default. */
    public static final String SEMAPHORES = "/_semaphores";

    private final Line line;
    private final int permits;
    private final String owner;

    private EtcdSemaphore(Builder b) {
        this.line = new Line(b, "semaphore");
        this.permits = b.permits;
        this.owner = b.owner;
    }

    /**
     * {@return a builder for the semaphore {@code name} (one key segment) with {@code permits} permits}
     *
     * @param etcd the client
     * @param name the semaphore's name, one key segment
     * @param permits how many holders at once, at least 1
     */
    public static Builder newBuilder(Etcd etcd, String name, int permits) {
        return new Builder(etcd, name, permits);
    }

    /** {@return the number of permits} */
    public int permits() {
        return permits;
    }

    /**
     * Waits as long as it takes for a permit; interruptible.
     *
     * @return the permit; close it to release
     */
    public Permit acquire() {
        return acquire(Long.MAX_VALUE).orElseThrow();
    }

    /**
     * Waits at most {@code timeout} for a permit; empty (and no key left behind) if none came free.
     *
     * @param timeout how long to wait at most
     * @return the permit, or empty if none came free in time
     */
    public Optional<Permit> acquire(Duration timeout) {
        return acquire(Recipes.deadline(timeout));
    }

    /**
     * Takes a permit if one is free now; empty (and no key left behind) otherwise.
     *
     * @return the permit, or empty if none is free
     */
    public Optional<Permit> tryAcquire() {
        return acquire(System.nanoTime());
    }

    private Optional<Permit> acquire(long deadline) {
        return line.join(owner, permits, deadline).map(t -> new Permit(t, permits));
    }

    /** {@return how many keys are in line now (holders first, then waiters): a quorum read} */
    public int contenders() {
        return line.read().size();
    }

    @Override
    public String toString() {
        return "EtcdSemaphore[" + line + ", permits=" + permits + ", owner=" + owner + "]";
    }

    /** One permit: close it (or {@link #release()}) to give it back. Thread-safe. */
    public static final class Permit extends Claim {
        private final int permits;

        private Permit(Ticket ticket, int permits) {
            super(ticket);
            this.permits = permits;
        }

        /**
         * Re-reads the line: whether this key still exists among the first {@code permits}.
         *
         * @return whether this permit is still held
         */
        public boolean isHeld() {
            return ticket.isAdmitted(permits);
        }

        /** Gives the permit back (deletes its key); the same as {@link #close()}. Idempotent. */
        public void release() {
            close();
        }
    }

    /** Configures an {@link EtcdSemaphore}. Not thread-safe. */
    public static final class Builder extends LeasedRecipeBuilder<Builder> {
        private final int permits;
        private String owner = UUID.randomUUID().toString();

        private Builder(Etcd etcd, String name, int permits) {
            super(etcd, "semaphore", name, SEMAPHORES);
            if (permits < 1) {
                throw new IllegalArgumentException("a semaphore has at least 1 permit: " + permits);
            }
            this.permits = permits;
        }

        /**
         * Sets the owner id written in the keys (a random UUID by default), to tell holders apart.
         *
         * @param owner the owner id
         * @return this builder
         */
        public Builder owner(String owner) {
            this.owner = java.util.Objects.requireNonNull(owner, "owner == null");
            return this;
        }

        /** {@return the semaphore} */
        public EtcdSemaphore build() {
            return new EtcdSemaphore(this);
        }
    }
}
