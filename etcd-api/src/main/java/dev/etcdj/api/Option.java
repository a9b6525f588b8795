package dev.etcdj.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of key operations, typed by the calls they fit: {@link ForGet}, {@link ForWrite},
 * {@link ForCompareAndSwap}, {@link ForDelete}, {@link ForCompare}, {@link ForWait} and {@link ForWatch}.
 * Conditions ({@code prevValue}, {@code prevIndex}) fit only the compare-and-* calls, so each kind of
 * write has one spelling and a precise result type. Use the static factories:
 *
 * <pre>{@code
 * import static dev.etcdj.api.Option.*;
 *
 * etcd.get("/config", recursive(), sorted());
 * etcd.compareAndSwap("/lease", "me", ttl(Duration.ofSeconds(30)), prevValue("old"));
 * etcd.delete("/jobs", recursive(), timeout(Duration.ofSeconds(2)));
 * }</pre>
 *
 * <p>Factories check their argument at once; the facade rejects impossible combinations (an option given
 * twice, a compare-and-swap without a condition) before any I/O. Options are immutable values; the flags
 * ({@code recursive()}, {@code sorted()}, ...) are shared instances.
 */
public sealed interface Option {

    /** An option of {@link Etcd#get}. */
    sealed interface ForGet extends Option permits Recursive, Sorted, Quorum, Timeout {}

    /** An option of the unconditional writes: set, create, update, updateIfUnchanged, append, mkdir. */
    sealed interface ForWrite extends Option permits Ttl, NoValueOnSuccess, Timeout {}

    /** An option of {@link Etcd#compareAndSwap}: a write's options and its conditions. */
    sealed interface ForCompareAndSwap extends Option permits Ttl, PrevValue, PrevIndex, NoValueOnSuccess, Timeout {}

    /** An option of {@link Etcd#delete}. */
    sealed interface ForDelete extends Option permits Recursive, Dir, Timeout {}

    /** An option of {@link Etcd#compareAndDelete} and {@link Etcd#compareAndRefresh}: conditions and a timeout. */
    sealed interface ForCompare extends Option permits PrevValue, PrevIndex, Timeout {}

    /** An option of {@link Etcd#watch}: every wait option, and {@link MaxOutage}. */
    sealed interface ForWatch extends Option permits ForWait, MaxOutage {}

    /**
     * An option of {@link Etcd#waitFor} and {@link Etcd#watch}. On a watch, {@link Timeout} bounds each
     * long poll (60 s by default), after which the watch checks that the server is alive and polls again
     * from the same index.
     */
    sealed interface ForWait extends ForWatch permits Recursive, WaitIndex, Timeout {}

    /** Read, delete or watch a whole subtree. */
    record Recursive() implements ForGet, ForDelete, ForWait {}

    /** List children sorted by key at every level (etcd's order is random otherwise). */
    record Sorted() implements ForGet {}

    /** Read through raft: linearizable, slower, fails without quorum. */
    record Quorum() implements ForGet {}

    /** Allow deleting an empty directory. */
    record Dir() implements ForDelete {}

    /** Answer writes with the action only, no nodes; the result's {@code node()} is then {@code null}. */
    record NoValueOnSuccess() implements ForWrite, ForCompareAndSwap {}

    /**
     * Give the node a time to live; writes without it make the node permanent.
     *
     * @param ttl whole seconds, at least 0
     */
    record Ttl(Duration ttl) implements ForWrite, ForCompareAndSwap {
        /**
         * Checks the TTL.
         *
         * @param ttl whole seconds, at least 0
         */
        public Ttl {
            Objects.requireNonNull(ttl, "ttl == null");
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("ttl < 0: " + ttl);
            }
            if (ttl.getNano() != 0) {
                throw new IllegalArgumentException("ttl must be whole seconds (etcd's resolution): " + ttl);
            }
            if (ttl.getSeconds() > MAX_TTL_SECONDS) {
                throw new IllegalArgumentException("ttl > " + MAX_TTL_SECONDS + "s: " + ttl
                        + " (etcd would overflow it into a permanent key)");
            }
        }
    }

    /**
     * The largest TTL, in seconds, that etcd stores correctly (9,223,372,036): a larger one overflows
     * etcd's nanosecond arithmetic and silently makes the key permanent.
     */
    long MAX_TTL_SECONDS = Long.MAX_VALUE / 1_000_000_000L;

    /**
     * Succeed only if the current value equals {@code value}.
     *
     * @param value the expected value, not empty (etcd cannot compare against {@code ""}; use
     *     {@link #prevIndex} for that)
     */
    record PrevValue(String value) implements ForCompareAndSwap, ForCompare {
        /**
         * Checks the value.
         *
         * @param value the expected value, not empty (etcd cannot compare against {@code ""}; use {@link #prevIndex}
         *     for that)
         */
        public PrevValue {
            Objects.requireNonNull(value, "prevValue == null");
            if (value.isEmpty()) {
                throw new IllegalArgumentException(
                        "prevValue must not be empty: etcd rejects it (error 201); compare an empty value with prevIndex");
            }
        }
    }

    /**
     * Succeed only if the node's {@code modifiedIndex} equals {@code index}.
     *
     * @param index at least 1
     */
    record PrevIndex(long index) implements ForCompareAndSwap, ForCompare {
        /**
         * Checks the index.
         *
         * @param index at least 1
         */
        public PrevIndex {
            if (index < 1) {
                throw new IllegalArgumentException("prevIndex < 1: " + index + " (etcd reads 0 as no condition)");
            }
        }
    }

    /**
     * Watch from this index on: the first event with an index at least {@code index}.
     *
     * @param index at least 1
     */
    record WaitIndex(long index) implements ForWait {
        /**
         * Checks the index.
         *
         * @param index at least 1
         */
        public WaitIndex {
            if (index < 1) {
                throw new IllegalArgumentException("waitIndex < 1: " + index);
            }
        }
    }

    /**
     * The call's deadline, covering connecting, sending and reading the whole answer. Without it a call
     * uses the adapter's default, a one-shot {@code waitFor} waits without limit, and each long poll of a
     * watch ends after 60 s (and is re-armed from the same index).
     *
     * @param timeout positive
     */
    record Timeout(Duration timeout) implements ForGet, ForWrite, ForCompareAndSwap, ForDelete, ForCompare, ForWait {
        /**
         * Checks the timeout.
         *
         * @param timeout positive
         */
        public Timeout {
            Objects.requireNonNull(timeout, "timeout == null");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout <= 0: " + timeout);
            }
        }
    }

    /**
     * How long a continuous watch may go without any answer from the server (every endpoint refusing,
     * timing out or dropping the connection) before it ends with {@link EtcdConnectionException}; 5
     * minutes by default. A quiet key is not an outage: the watch checks the server after each poll
     * timeout.
     *
     * @param limit positive
     */
    record MaxOutage(Duration limit) implements ForWatch {
        /**
         * Checks the limit.
         *
         * @param limit positive
         */
        public MaxOutage {
            Objects.requireNonNull(limit, "maxOutage == null");
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("maxOutage <= 0: " + limit);
            }
        }
    }

    /**
     * {@return {@link MaxOutage}}
     *
     * @param limit how long the server may stay unreachable, positive
     */
    static MaxOutage maxOutage(Duration limit) {
        return new MaxOutage(limit);
    }

    /** {@return {@link Recursive}} */
    static Recursive recursive() {
        return Flags.RECURSIVE;
    }

    /** {@return {@link Sorted}} */
    static Sorted sorted() {
        return Flags.SORTED;
    }

    /** {@return {@link Quorum}} */
    static Quorum quorum() {
        return Flags.QUORUM;
    }

    /** {@return {@link Dir}} */
    static Dir dir() {
        return Flags.DIR;
    }

    /** {@return {@link NoValueOnSuccess}} */
    static NoValueOnSuccess noValueOnSuccess() {
        return Flags.NO_VALUE_ON_SUCCESS;
    }

    /**
     * {@return {@link Ttl}}
     *
     * @param ttl the time to live, in whole seconds
     */
    static Ttl ttl(Duration ttl) {
        return new Ttl(ttl);
    }

    /**
     * {@return {@link PrevValue}}
     *
     * @param value the value the node must have
     */
    static PrevValue prevValue(String value) {
        return new PrevValue(value);
    }

    /**
     * {@return {@link PrevIndex}}
     *
     * @param index the index: the node's {@code modifiedIndex} for {@code prevIndex}, an event index for waits
     */
    static PrevIndex prevIndex(long index) {
        return new PrevIndex(index);
    }

    /**
     * {@return {@link WaitIndex} for {@code index}: events with an index of at least {@code index}}
     *
     * @param index the index: the node's {@code modifiedIndex} for {@code prevIndex}, an event index for waits
     */
    static WaitIndex waitIndex(long index) {
        return new WaitIndex(index);
    }

    /**
     * {@return {@link WaitIndex} for {@code index + 1}: events after {@code index}, typically a read's
     * {@code etcdIndex()}}
     *
     * @param index the index: the node's {@code modifiedIndex} for {@code prevIndex}, an event index for waits
     */
    static WaitIndex afterIndex(long index) {
        if (index < 0 || index == Long.MAX_VALUE) {
            throw new IllegalArgumentException("afterIndex out of range: " + index);
        }
        return new WaitIndex(index + 1);
    }

    /**
     * {@return {@link Timeout}}
     *
     * @param timeout the call's deadline, positive
     */
    static Timeout timeout(Duration timeout) {
        return new Timeout(timeout);
    }
}
