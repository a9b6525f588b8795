package dev.etcdj.api.recipes;

import static dev.etcdj.api.Option.quorum;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.KeyNotFoundException;
import java.time.Duration;

/**
 * A distributed barrier (Curator's {@code DistributedBarrier}): while the key {@code /_barriers/<name>}
 * exists, {@link #await(Duration)} blocks; {@link #remove()} deletes it and every waiter goes on at once
 * (they all watch the one key). The key has no TTL: a barrier set by a process that dies stays up until
 * someone removes it.
 *
 * <pre>{@code
 * EtcdBarrier migration = EtcdBarrier.newBuilder(etcd, "schema-v7").build();
 * migration.set();                                // the migrating process
 * ...
 * migration.remove();                             // done: everyone waiting goes on
 *
 * migration.await(Duration.ofMinutes(5));         // every other process, before it touches the data
 * }</pre>
 *
 * Thread-safe; {@link #await} is interruptible and bounded.
 */
public final class EtcdBarrier {
    /** Where barriers keep their keys by default. */
    public static final String BARRIERS = "/_barriers";

    private final Etcd etcd;
    private final String key;

    private EtcdBarrier(Builder b) {
        this.etcd = b.etcd;
        this.key = b.path();
    }

    /**
     * {@return a builder for the barrier {@code name} (one key segment)}
     *
     * @param etcd the client
     * @param name the barrier's name, one key segment
     */
    public static Builder newBuilder(Etcd etcd, String name) {
        return new Builder(etcd, name);
    }

    /** Sets the barrier (idempotent). */
    public void set() {
        etcd.set(key, "");
    }

    /** Removes the barrier, releasing every waiter (idempotent). */
    public void remove() {
        try {
            etcd.delete(key);
        } catch (KeyNotFoundException e) {
            // not set
        }
    }

    /** {@return whether the barrier is set now (a quorum read)} */
    public boolean isSet() {
        try {
            etcd.get(key, quorum());
            return true;
        } catch (KeyNotFoundException e) {
            return false;
        }
    }

    /**
     * Waits at most {@code timeout} until the barrier is not set; returns whether it came down in time.
     *
     * @param timeout how long to wait at most
     * @return whether the barrier came down in time
     */
    public boolean await(Duration timeout) {
        long deadline = Recipes.deadline(timeout);
        while (true) {
            long index;
            try {
                index = etcd.get(key, quorum()).etcdIndex();
            } catch (KeyNotFoundException e) {
                return true;
            }
            long left = Recipes.left(deadline);
            if (left <= 0) {
                return false;
            }
            Recipes.waitForChange(etcd, toString(), key, false, index, left);
        }
    }

    @Override
    public String toString() {
        return "EtcdBarrier[" + key + "]";
    }

    /** Configures an {@link EtcdBarrier}. Not thread-safe. */
    public static final class Builder extends RecipeBuilder<Builder> {
        private Builder(Etcd etcd, String name) {
            super(etcd, "barrier", name, BARRIERS);
        }

        /** {@return the barrier} */
        public EtcdBarrier build() {
            return new EtcdBarrier(this);
        }
    }
}
