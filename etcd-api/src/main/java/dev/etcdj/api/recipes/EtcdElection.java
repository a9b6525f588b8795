package dev.etcdj.api.recipes;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.Node;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Flow;

/**
 * Leader election (etcd's Go {@code concurrency.Election}, Curator's {@code LeaderLatch}) on etcd v2:
 * candidates line up on in-order keys below {@code /_elections/<name>}, each holding the candidate's value,
 * with a TTL kept alive while it campaigns and leads; the first key is the leader. A candidate waits for the
 * key just before its own, so a resignation wakes only the next candidate.
 *
 * <pre>{@code
 * EtcdElection election = EtcdElection.newBuilder(etcd, "scheduler").ttl(Duration.ofSeconds(10)).build();
 * try (EtcdElection.Leadership leading = election.campaign("node-1:8080")) {
 *     leading.lost().thenRun(this::stopScheduling);   // the TTL lapsed: someone else may lead now
 *     schedule(leading.term());
 * }                                                   // resigns
 * }</pre>
 *
 * <p><b>Leadership is a lease</b>: a leader that stalls longer than the TTL loses it, and the next candidate
 * leads while the old one may still believe it does. {@link Leadership#term()} (the key's
 * {@code createdIndex}) grows with every new leader: pass it to what the leader writes so stale leaders can
 * be refused. {@link #observe()} publishes the sequence of leaders as etcd ordered it, the same for every
 * observer. Thread-safe; blocking calls are interruptible and bounded by their timeouts.
 */
public final class EtcdElection {
    /** Where elections keep their keys by default. */
    public static final String ELECTIONS = "/_elections";

    private final Line line;

    private EtcdElection(Builder b) {
        this.line = new Line(b, "election");
    }

    /**
     * {@return a builder for the election {@code name} (one key segment)}
     *
     * @param etcd the client
     * @param name the election's name, one key segment
     */
    public static Builder newBuilder(Etcd etcd, String name) {
        return new Builder(etcd, name);
    }

    /**
     * A leader as observers see it.
     *
     * @param value what the leader proclaimed (its campaign value, or the last {@link Leadership#proclaim})
     * @param key the leader's key
     * @param term the key's {@code createdIndex}: larger for every later leader
     */
    public record Leader(String value, String key, long term) {
        /**
         * Checks the fields.
         *
         * @param value what the leader proclaimed (its campaign value, or the last {@link Leadership#proclaim})
         * @param key the leader's key
         * @param term the key's {@code createdIndex}: larger for every later leader
         */
        public Leader {
            Objects.requireNonNull(value, "value == null");
            Objects.requireNonNull(key, "key == null");
        }
    }

    /**
     * Campaigns with {@code value} and waits as long as it takes to lead; interruptible.
     *
     * @param value what the leader publishes, such as its address
     * @return the leadership, held until resigned or lost
     */
    public Leadership campaign(String value) {
        return campaign(value, Long.MAX_VALUE).orElseThrow();
    }

    /**
     * Campaigns with {@code value} for at most {@code timeout}; empty (and the candidacy withdrawn) if not elected.
     *
     * @param value what the leader publishes, such as its address
     * @param timeout how long to campaign at most
     * @return the leadership, or empty if not elected in time
     */
    public Optional<Leadership> campaign(String value, Duration timeout) {
        return campaign(value, Recipes.deadline(timeout));
    }

    private Optional<Leadership> campaign(String value, long deadline) {
        Objects.requireNonNull(value, "value == null");
        return line.join(value, 1, deadline).map(Leadership::new);
    }

    /** {@return the current leader (a quorum read); empty if nobody leads} */
    public Optional<Leader> leader() {
        List<Node> queue = line.read();
        return queue.isEmpty() ? Optional.empty() : Optional.of(leaderOf(queue.get(0)));
    }

    static Leader leaderOf(Node first) {
        return new Leader(first.asValue().value(), first.key(), first.createdIndex());
    }

    /**
     * Publishes the leader every time it changes: first the leader at subscription (empty if none), then
     * each new leader or proclaimed value, and empty when the last candidate leaves. Every subscriber sees
     * the same sequence, since it is derived from etcd's ordered events; a gap in etcd's event history is
     * bridged by a re-read. No thread is used: items arrive on the adapter's threads. Backpressure is
     * honoured; cancel the subscription to stop.
     *
     * @return a publisher of the leader, empty when there is none
     */
    public Flow.Publisher<Optional<Leader>> observe() {
        return subscriber -> new LeaderFeed(line.etcd, line.dir, Objects.requireNonNull(subscriber, "subscriber == null")).start();
    }

    @Override
    public String toString() {
        return "EtcdElection[" + line + "]";
    }

    /** Being the leader: close it (or {@link #resign()}) to step down. Thread-safe. */
    public static final class Leadership extends Claim {
        private Leadership(Ticket ticket) {
            super(ticket);
        }

        /** {@return the term: the leader key's {@code createdIndex}, larger for every later leader} */
        public long term() {
            return ticket.token;
        }

        /** {@return the value this leader proclaims} */
        public String value() {
            return ticket.value();
        }

        /**
         * Proclaims a new value without an election (observers see it).
         *
         * @param newValue the value to publish
         * @throws KeyNotFoundException if the leadership was lost (its TTL lapsed); {@link #lost()} completes
         * @throws IllegalStateException after {@link #resign()}
         */
        public void proclaim(String newValue) {
            ticket.rewrite(Objects.requireNonNull(newValue, "newValue == null"));
        }

        /**
         * Re-reads the election: whether this candidate still leads (completes {@link #lost()} if not).
         *
         * @return whether this candidate still leads
         */
        public boolean isLeader() {
            return ticket.isAdmitted(1);
        }

        /** Steps down (deletes the key, which elects the next candidate); the same as {@link #close()}. Idempotent. */
        public void resign() {
            close();
        }

        @Override
        public String toString() {
            return "Leadership[" + ticket + ", value=" + ticket.value() + "]";
        }
    }

    /** Configures an {@link EtcdElection}. Not thread-safe. */
    public static final class Builder extends LeasedRecipeBuilder<Builder> {
        private Builder(Etcd etcd, String name) {
            super(etcd, "election", name, ELECTIONS);
        }

        /** {@return the election} */
        public EtcdElection build() {
            return new EtcdElection(this);
        }
    }
}
