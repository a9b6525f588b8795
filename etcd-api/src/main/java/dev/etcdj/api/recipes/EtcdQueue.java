package dev.etcdj.api.recipes;

import static dev.etcdj.api.Option.prevIndex;
import static dev.etcdj.api.Option.quorum;
import static dev.etcdj.api.Option.sorted;

import dev.etcdj.api.CompareFailedException;
import dev.etcdj.api.Etcd;
import dev.etcdj.api.Got;
import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.Node;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A distributed FIFO queue (Curator's {@code DistributedQueue}) on in-order keys below
 * {@code /_queues/<name>}: {@link #offer} appends, {@link #poll} takes the oldest item by deleting it with
 * {@code prevIndex}, so among competing consumers each item is taken exactly once; a consumer that loses
 * the race for an item moves on to the next.
 *
 * <pre>{@code
 * EtcdQueue jobs = EtcdQueue.newBuilder(etcd, "jobs").build();
 * jobs.offer("{\"resize\":\"img-42\"}");
 * Optional<String> job = jobs.take(Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>Delivery is exactly once while calls succeed, and at most once when they fail: if the answer to the
 * delete of an item is lost (a dead connection), the call throws and the item may be gone. Items are
 * taken in key order; each consumer object reads the queue once and works through what it read before
 * reading again, so a busy queue is not re-read for every item. Items have no TTL unless
 * {@link #offer(String, Duration)} gives one. Thread-safe; {@link #take} is interruptible and bounded.
 */
public final class EtcdQueue {
    /** Where queues keep their items by default. */
    public static final String QUEUES = "/_queues";

    private final Etcd etcd;
    private final String dir;
    /** Items this object read and has not tried yet, oldest first. */
    private final ConcurrentLinkedDeque<Node> seen = new ConcurrentLinkedDeque<>();

    private EtcdQueue(Builder b) {
        this.etcd = b.etcd;
        this.dir = b.path();
    }

    /**
     * {@return a builder for the queue {@code name} (one key segment)}
     *
     * @param etcd the client
     * @param name the queue's name, one key segment
     */
    public static Builder newBuilder(Etcd etcd, String name) {
        return new Builder(etcd, name);
    }

    /**
     * Adds {@code item} at the tail; returns its key.
     *
     * @param item the item, any string
     * @return the item's key
     */
    public String offer(String item) {
        return etcd.append(dir, Objects.requireNonNull(item, "item == null")).node().key();
    }

    /**
     * Adds {@code item} at the tail with a TTL: it vanishes if nobody takes it in time; returns its key.
     *
     * @param item the item, any string
     * @param ttl how long the item may wait, in whole seconds
     * @return the item's key
     */
    public String offer(String item, Duration ttl) {
        return etcd.append(dir, Objects.requireNonNull(item, "item == null"), dev.etcdj.api.Option.ttl(ttl)).node().key();
    }

    /**
     * Takes the oldest item, if there is one, without waiting.
     *
     * @return the oldest item, or empty if the queue is empty
     */
    public Optional<String> poll() {
        return takeOldest().item;
    }

    /**
     * Waits at most {@code timeout} for an item and takes it; empty if none came. Interruptible.
     *
     * @param timeout how long to wait at most
     * @return the item taken, or empty if none came in time
     */
    public Optional<String> take(Duration timeout) {
        long deadline = Recipes.deadline(timeout);
        while (true) {
            Attempt attempt = takeOldest();
            if (attempt.item.isPresent()) {
                return attempt.item;
            }
            long left = Recipes.left(deadline);
            if (left <= 0) {
                return Optional.empty();
            }
            Recipes.waitForChange(etcd, toString(), dir, true, attempt.index, left);
        }
    }

    /** An item taken, or none and the index the queue was found empty at. */
    private record Attempt(Optional<String> item, long index) {
    }

    /** Takes the oldest item this object knows of, reading the queue when it knows of none. */
    private Attempt takeOldest() {
        while (true) {
            Node next = seen.pollFirst();
            if (next == null) {
                long index = refill();
                if (seen.isEmpty()) {
                    return new Attempt(Optional.empty(), index);
                }
                continue;
            }
            try {
                etcd.compareAndDelete(next.key(), prevIndex(next.modifiedIndex()));
                return new Attempt(Optional.of(next.asValue().value()), 0);
            } catch (KeyNotFoundException | CompareFailedException e) {
                // another consumer took it (or it expired): the next one
            }
        }
    }

    /** Reads the queue into {@link #seen}; returns the index of the read. */
    private long refill() {
        try {
            Got got = etcd.get(dir, sorted(), quorum());
            List<Node> items = got.node().asDirectory().children();
            for (Node n : items) {
                if (!n.isDirectory()) {
                    seen.addLast(n);
                }
            }
            return got.etcdIndex();
        } catch (KeyNotFoundException e) {
            return e.index();
        }
    }

    /** {@return how many items the queue holds now (a quorum read)} */
    public int size() {
        try {
            return etcd.get(dir, quorum()).node().asDirectory().children().size();
        } catch (KeyNotFoundException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return "EtcdQueue[" + dir + "]";
    }

    /** Configures an {@link EtcdQueue}. Not thread-safe. */
    public static final class Builder extends RecipeBuilder<Builder> {
        private Builder(Etcd etcd, String name) {
            super(etcd, "queue", name, QUEUES);
        }

        /** {@return the queue} */
        public EtcdQueue build() {
            return new EtcdQueue(this);
        }
    }
}
