package dev.etcdj.api.recipes;

import static dev.etcdj.api.Option.quorum;
import static dev.etcdj.api.Option.recursive;

import dev.etcdj.api.Directory;
import dev.etcdj.api.Etcd;
import dev.etcdj.api.Got;
import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.Node;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * A double barrier (Curator's {@code DistributedDoubleBarrier}): {@code parties} processes
 * {@link #enter(Duration)} and all go on together once the last has arrived; later they
 * {@link #leave(Duration)} and all go on once the last has left. Each party is a TTL key below
 * {@code /_barriers/<name>/parties} kept alive while it is inside; the first to see everyone writes
 * {@code /_barriers/<name>/ready}, so a party that looks late still goes through after others have
 * started leaving; the last to leave deletes it.
 *
 * <pre>{@code
 * EtcdDoubleBarrier round = EtcdDoubleBarrier.newBuilder(etcd, "round-17", 4).build();
 * round.enter(Duration.ofMinutes(1));    // all four start together
 * compute();
 * round.leave(Duration.ofMinutes(1));    // and finish together
 * }</pre>
 *
 * <p>One object is one party. Every party must use the same number of parties. Use a fresh name per round:
 * a party entering a name whose last round is still being left may pass at once. Thread-safe; blocking
 * calls are interruptible and bounded; a party whose enter times out leaves.
 */
public final class EtcdDoubleBarrier {
    private final Etcd etcd;
    private final String dir;
    private final String ready;
    private final Line parties;
    private final int count;
    private final String id;
    private Ticket inside;

    private EtcdDoubleBarrier(Builder b) {
        this.etcd = b.etcd;
        this.dir = b.path();
        this.ready = dir + "/ready";
        this.parties = new Line(b.etcd, "double barrier", dir + "/parties", b.ttl, b.scheduler);
        this.count = b.parties;
        this.id = b.id;
    }

    /**
     * {@return a builder for the double barrier {@code name} (one key segment) of {@code parties} parties}
     *
     * @param etcd the client
     * @param name the barrier's name, one key segment
     * @param parties how many parties must enter, at least 1
     */
    public static Builder newBuilder(Etcd etcd, String name, int parties) {
        return new Builder(etcd, name, parties);
    }

    /**
     * Enters and waits at most {@code timeout} for every party to enter; returns whether they all did (if
     * not, this party has left again).
     *
     * @param timeout how long to wait at most
     * @return whether every party entered in time
     * @throws IllegalStateException if this party is inside already
     */
    public boolean enter(Duration timeout) {
        long deadline = Recipes.deadline(timeout);
        Ticket mine;
        synchronized (this) {
            if (inside != null) {
                throw new IllegalStateException(this + ": this party entered already; leave first");
            }
            mine = parties.join(id, Integer.MAX_VALUE, deadline).orElseThrow();
            inside = mine;
        }
        boolean through = false;
        try {
            through = waitUntil(deadline, true);
            return through;
        } finally {
            if (!through) {
                synchronized (this) {
                    inside = null;
                }
                mine.leave();
            }
        }
    }

    /**
     * Leaves and waits at most {@code timeout} for every party to leave; returns whether they all did.
     *
     * @param timeout how long to wait at most
     * @return whether every party left in time
     * @throws IllegalStateException if this party is not inside
     */
    public boolean leave(Duration timeout) {
        long deadline = Recipes.deadline(timeout);
        Ticket mine;
        synchronized (this) {
            mine = inside;
            if (mine == null) {
                throw new IllegalStateException(this + ": this party is not inside; enter first");
            }
            inside = null;
        }
        mine.leave();
        return waitUntil(deadline, false);
    }

    /** Waits until everyone is in ({@code in}) or out; the last one out takes the ready mark down. */
    private boolean waitUntil(long deadline, boolean in) {
        while (true) {
            Got got = read();
            Optional<Node> partiesDir = got == null ? Optional.empty() : child(got.node(), parties.dir);
            int present = partiesDir.map(n -> n.asDirectory().children().size()).orElse(0);
            boolean marked = got != null && child(got.node(), ready).isPresent();
            if (in && (marked || present >= count)) {
                if (!marked) {
                    etcd.set(ready, "");
                }
                return true;
            }
            if (!in && present == 0) {
                try {
                    etcd.delete(ready);
                } catch (KeyNotFoundException e) {
                    // another party took it down
                }
                return true;
            }
            long left = Recipes.left(deadline);
            if (left <= 0) {
                return false;
            }
            Recipes.waitForChange(etcd, toString(), dir, true, got == null ? 0 : got.etcdIndex(), left);
        }
    }

    private Got read() {
        try {
            return etcd.get(dir, recursive(), quorum());
        } catch (KeyNotFoundException e) {
            return null;
        }
    }

    private static Optional<Node> child(Node dir, String key) {
        return dir instanceof Directory d ? d.children().stream().filter(n -> n.key().equals(key)).findFirst() : Optional.empty();
    }

    @Override
    public String toString() {
        return "EtcdDoubleBarrier[" + dir + ", parties=" + count + ", id=" + id + "]";
    }

    /** Configures an {@link EtcdDoubleBarrier}. Not thread-safe. */
    public static final class Builder extends LeasedRecipeBuilder<Builder> {
        private final int parties;
        private String id = UUID.randomUUID().toString();

        private Builder(Etcd etcd, String name, int parties) {
            super(etcd, "double barrier", name, EtcdBarrier.BARRIERS);
            if (parties < 1) {
                throw new IllegalArgumentException("a double barrier has at least 1 party: " + parties);
            }
            this.parties = parties;
        }

        /**
         * Sets the party's id, written in its key (a random UUID by default).
         *
         * @param id the party's id
         * @return this builder
         */
        public Builder id(String id) {
            this.id = java.util.Objects.requireNonNull(id, "id == null");
            return this;
        }

        /** {@return the double barrier} */
        public EtcdDoubleBarrier build() {
            return new EtcdDoubleBarrier(this);
        }
    }
}
