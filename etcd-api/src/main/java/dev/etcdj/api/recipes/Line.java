package dev.etcdj.api.recipes;

import static dev.etcdj.api.Option.quorum;
import static dev.etcdj.api.Option.sorted;

import dev.etcdj.api.Created;
import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdException;
import dev.etcdj.api.EtcdInterruptedException;
import dev.etcdj.api.Got;
import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.Node;
import dev.etcdj.api.internal.Futures;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A line of contenders below one directory, first come first served: each contender appends an in-order
 * key (20-digit, so sorted by name is sorted by arrival) holding its value, with a TTL; the first
 * {@code permits} keys are admitted. The lock is a line with one permit, the semaphore one with N, the
 * election one whose admitted key is the leader.
 *
 * <p>With one permit a contender waits for the key just before its own (no thundering herd); with more it
 * waits for any change below the directory, since any of the keys before it may leave. Every wait is
 * bounded by a third of the TTL, after which the contender refreshes its own key and checks again. Reads
 * that decide are quorum reads, so a lagging member cannot hide a key before ours.
 */
final class Line {
    final Etcd etcd;
    final String dir;
    final Duration ttl;
    final ScheduledExecutorService scheduler;
    /** What the line is, for messages: "lock /_locks/x". */
    final String what;

    Line(Etcd etcd, String what, String dir, Duration ttl, ScheduledExecutorService scheduler) {
        this.etcd = etcd;
        this.what = what + " " + dir;
        this.dir = dir;
        this.ttl = ttl;
        this.scheduler = scheduler;
    }

    Line(LeasedRecipeBuilder<?> b, String what) {
        this(b.etcd, what, b.path(), b.ttl, b.scheduler);
    }

    /**
     * Joins the line with {@code value} and waits until {@code deadline} ({@link System#nanoTime()}, or
     * {@link Long#MAX_VALUE}) to be among the first {@code permits}; empty, with the key removed, if not.
     */
    Optional<Ticket> join(String value, int permits, long deadline) {
        Created mine = appendThroughInterrupts(value);
        Ticket ticket = new Ticket(this, mine.node().key(), mine.node().createdIndex(), value);
        try {
            if (Thread.currentThread().isInterrupted()) {
                throw new EtcdInterruptedException(what + ": interrupted while joining the line",
                        new InterruptedException());
            }
            while (true) {
                Got got = etcd.get(dir, sorted(), quorum());
                List<Node> queue = got.node().asDirectory().children();
                int at = position(queue, ticket.key);
                if (at < 0) {
                    throw new EtcdException(what + ": this contender's key " + ticket.key + " vanished while it "
                            + "waited (its TTL of " + ttl + " ran out: was the process stalled?)");
                }
                if (at < permits) {
                    ticket.keepAlive();
                    return Optional.of(ticket);
                }
                long left = Recipes.left(deadline);
                if (left <= 0) {
                    ticket.leave();
                    return Optional.empty();
                }
                Recipes.waitForChange(etcd, what, permits == 1 ? queue.get(at - 1).key() : dir, permits > 1,
                        got.etcdIndex(), Math.min(left, ttl.toNanos() / 3));
                ticket.refreshNow();
            }
        } catch (RuntimeException | Error e) {
            try {
                ticket.leave();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Appends this contender's key and waits for the answer even through an interrupt, which it keeps for
     * the caller: an interrupt that cancelled the call after etcd made the key would lose the key's name and
     * leave it behind until its TTL. The call's own deadline bounds the wait.
     */
    private Created appendThroughInterrupts(String value) {
        return Futures.awaitThroughInterrupts(etcd.async().append(dir, value, dev.etcdj.api.Option.ttl(ttl)));
    }

    /** Takes over the first key if it holds {@code value} (a reentrant owner's key); empty otherwise. */
    Optional<Ticket> adoptFirst(String value) {
        List<Node> queue = read();
        if (queue.isEmpty() || !queue.get(0).asValue().value().equals(value)) {
            return Optional.empty();
        }
        Node first = queue.get(0);
        Ticket ticket = new Ticket(this, first.key(), first.createdIndex(), value);
        ticket.keepAlive();
        return Optional.of(ticket);
    }

    /** Returns the line's keys in order (a quorum read); empty if the directory does not exist. */
    List<Node> read() {
        try {
            return etcd.get(dir, sorted(), quorum()).node().asDirectory().children();
        } catch (KeyNotFoundException e) {
            return List.of();
        }
    }

    /** Returns where {@code key} stands in {@code queue}, -1 if it is not there. */
    static int position(List<Node> queue, String key) {
        for (int i = 0; i < queue.size(); i++) {
            if (queue.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return what + ", ttl=" + ttl;
    }
}
