package dev.etcdj.api.spi;

import dev.etcdj.api.Key;
import java.time.Duration;
import java.util.Objects;

/**
 * One key operation, validated and transport-neutral: what the facade hands an {@link EtcdAdapter}.
 * The fields follow the v2 API's parameters; an unset field has its neutral value ({@code null},
 * {@code false} or {@code 0}). Build one with {@link #newBuilder(Operation, Key)}.
 *
 * <p>The constructor rejects combinations etcd would misread or silently ignore, so every request an
 * adapter receives means exactly one thing.
 *
 * @param operation what to do
 * @param key the key
 * @param value the value of a {@code SET} or {@code APPEND} of a file; {@code null} for directories,
 *     refreshes and reads
 * @param dir a {@code SET}/{@code APPEND} makes a directory, or a {@code DELETE} may remove an empty one
 * @param ttl the TTL of a write, {@code null} for a permanent node
 * @param prevExist for {@code SET}: whether the key must exist first ({@link PrevExist#EITHER} for other operations)
 * @param prevValue a {@code SET}/{@code DELETE} condition on the value, or {@code null}
 * @param prevIndex a {@code SET}/{@code DELETE} condition on the modified index, or 0
 * @param refresh a {@code SET} that only resets the TTL, keeping the value and telling no watcher
 * @param recursive {@code GET}, {@code DELETE}, {@code WAIT}: the whole subtree
 * @param sorted {@code GET}: children sorted by key
 * @param quorum {@code GET}: a linearizable read
 * @param waitIndex {@code WAIT}: the first index of interest, or 0 for the next event
 * @param noValueOnSuccess a write answers with its action only
 * @param timeout the deadline of this call, or {@code null} for the adapter's default (none for a WAIT)
 */
public record EtcdRequest(Operation operation, Key key, String value, boolean dir, Duration ttl,
                          PrevExist prevExist, String prevValue, long prevIndex, boolean refresh,
                          boolean recursive, boolean sorted, boolean quorum, long waitIndex,
                          boolean noValueOnSuccess, Duration timeout) {

    /** The kinds of key operation. */
    public enum Operation {
        /** Read a node ({@code GET}). */
        GET,
        /** Wait for the next matching event ({@code GET ?wait=true}). */
        WAIT,
        /** Write a node: set, create, update, compare-and-swap or refresh ({@code PUT}). */
        SET,
        /** Create an in-order key below a directory ({@code POST}). */
        APPEND,
        /** Delete a node, or compare-and-delete ({@code DELETE}). */
        DELETE
    }

    /**
     * Whether a {@code SET} requires the key to exist first: etcd's {@code prevExist} parameter, which is
     * absent, {@code true} or {@code false} on the wire.
     */
    public enum PrevExist {
        /** No condition on existence ({@code prevExist} not sent): create or replace. */
        EITHER,
        /** The key must exist ({@code prevExist=true}): an update; fails with {@code KeyNotFoundException}. */
        MUST_EXIST,
        /** The key must not exist ({@code prevExist=false}): a create; fails with {@code NodeExistsException}. */
        MUST_NOT_EXIST
    }

    /**
     * Checks that the combination is one etcd reads as intended.
     *
     * @param operation what to do
     * @param key the key
     * @param value the value of a {@code SET} or {@code APPEND} of a file; {@code null} for directories, refreshes
     *     and reads
     * @param dir a {@code SET}/{@code APPEND} makes a directory, or a {@code DELETE} may remove an empty one
     * @param ttl the TTL of a write, {@code null} for a permanent node
     * @param prevExist for {@code SET}: whether the key must exist first ({@link PrevExist#EITHER} for other operations)
     * @param prevValue a {@code SET}/{@code DELETE} condition on the value, or {@code null}
     * @param prevIndex a {@code SET}/{@code DELETE} condition on the modified index, or 0
     * @param refresh a {@code SET} that only resets the TTL, keeping the value and telling no watcher
     * @param recursive {@code GET}, {@code DELETE}, {@code WAIT}: the whole subtree
     * @param sorted {@code GET}: children sorted by key
     * @param quorum {@code GET}: a linearizable read
     * @param waitIndex {@code WAIT}: the first index of interest, or 0 for the next event
     * @param noValueOnSuccess a write answers with its action only
     * @param timeout the deadline of this call, or {@code null} for the adapter's default (none for a WAIT)
     */
    public EtcdRequest {
        Objects.requireNonNull(operation, "operation == null");
        Objects.requireNonNull(key, "key == null");
        Objects.requireNonNull(prevExist, "prevExist == null (EITHER for no condition)");
        boolean write = operation == Operation.SET || operation == Operation.APPEND;
        boolean conditional = prevValue != null || prevIndex != 0;
        require(prevIndex >= 0, "prevIndex < 0");
        require(waitIndex >= 0, "waitIndex < 0");
        require(prevValue == null || !prevValue.isEmpty(), "prevValue is empty (etcd error 201)");
        require(ttl == null || (!ttl.isNegative() && ttl.getNano() == 0), "ttl must be whole, non-negative seconds");
        require(timeout == null || (!timeout.isNegative() && !timeout.isZero()), "timeout <= 0");
        require(write || (value == null && ttl == null && !noValueOnSuccess && !refresh && prevExist == PrevExist.EITHER),
                operation + " takes no value, ttl, refresh, prevExist or noValueOnSuccess");
        require(operation == Operation.SET || operation == Operation.DELETE || !conditional,
                operation + " takes no prevValue/prevIndex condition");
        require(operation == Operation.GET || operation == Operation.DELETE || operation == Operation.WAIT || !recursive,
                operation + " is not recursive");
        require(operation == Operation.GET || (!sorted && !quorum), "sorted and quorum apply to GET only");
        require(operation == Operation.WAIT || waitIndex == 0, "waitIndex applies to WAIT only");
        require(write || operation == Operation.DELETE || !dir, operation + " takes no dir flag");
        require(!(dir && value != null), "a directory has no value");
        require(!refresh || (value == null && ttl != null), "a refresh needs a ttl and takes no value");
        require(!(prevExist == PrevExist.MUST_NOT_EXIST && conditional),
                "create only (prevExist=false) ignores prevValue/prevIndex");
        require(!(prevExist == PrevExist.MUST_NOT_EXIST && refresh), "a refresh of a key that must not exist");
        require(!(conditional && dir && operation == Operation.SET),
                "a compare-and-swap cannot make a directory");
        require(!(operation == Operation.DELETE && conditional && (dir || recursive)),
                "compare-and-delete works on files only; etcd ignores dir/recursive there");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * {@return a builder for an operation on {@code key}}
     *
     * @param operation what to do
     * @param key the key it applies to
     */
    public static Builder newBuilder(Operation operation, Key key) {
        return new Builder(operation, key);
    }

    /** {@return a builder holding this request's fields} */
    public Builder toBuilder() {
        Builder b = new Builder(operation, key);
        b.value = value;
        b.dir = dir;
        b.ttl = ttl;
        b.prevExist = prevExist;
        b.prevValue = prevValue;
        b.prevIndex = prevIndex;
        b.refresh = refresh;
        b.recursive = recursive;
        b.sorted = sorted;
        b.quorum = quorum;
        b.waitIndex = waitIndex;
        b.noValueOnSuccess = noValueOnSuccess;
        b.timeout = timeout;
        return b;
    }

    /** {@return whether sending this request twice could apply it twice (any write)} */
    public boolean isWrite() {
        return operation == Operation.SET || operation == Operation.APPEND || operation == Operation.DELETE;
    }

    /** A mutable builder of {@link EtcdRequest}; not thread-safe. */
    public static final class Builder {
        private final Operation operation;
        private final Key key;
        private String value;
        private boolean dir;
        private Duration ttl;
        private PrevExist prevExist = PrevExist.EITHER;
        private String prevValue;
        private long prevIndex;
        private boolean refresh;
        private boolean recursive;
        private boolean sorted;
        private boolean quorum;
        private long waitIndex;
        private boolean noValueOnSuccess;
        private Duration timeout;

        Builder(Operation operation, Key key) {
            this.operation = Objects.requireNonNull(operation, "operation == null");
            this.key = Objects.requireNonNull(key, "key == null");
        }

        /**
         * Sets the value.
         *
         * @param value the value to write
         * @return this builder
         */
        public Builder value(String value) {
            this.value = value;
            return this;
        }

        /**
         * Sets the directory flag.
         *
         * @param dir whether the node is a directory
         * @return this builder
         */
        public Builder dir(boolean dir) {
            this.dir = dir;
            return this;
        }

        /**
         * Sets the TTL; {@code null} for none.
         *
         * @param ttl the TTL in whole seconds, or null for none
         * @return this builder
         */
        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /**
         * Sets whether the key must exist first ({@link PrevExist#EITHER} by default).
         *
         * @param prevExist the condition on existence
         * @return this builder
         */
        public Builder prevExist(PrevExist prevExist) {
            this.prevExist = Objects.requireNonNull(prevExist, "prevExist == null (EITHER for no condition)");
            return this;
        }

        /**
         * Sets prevValue; {@code null} for unset.
         *
         * @param prevValue the value the node must have, or null
         * @return this builder
         */
        public Builder prevValue(String prevValue) {
            this.prevValue = prevValue;
            return this;
        }

        /**
         * Sets prevIndex; 0 for unset.
         *
         * @param prevIndex the index the node must have, or 0 for none
         * @return this builder
         */
        public Builder prevIndex(long prevIndex) {
            this.prevIndex = prevIndex;
            return this;
        }

        /**
         * Sets refresh.
         *
         * @param refresh whether this only refreshes the TTL
         * @return this builder
         */
        public Builder refresh(boolean refresh) {
            this.refresh = refresh;
            return this;
        }

        /**
         * Sets recursive.
         *
         * @param recursive whether it applies to the whole subtree
         * @return this builder
         */
        public Builder recursive(boolean recursive) {
            this.recursive = recursive;
            return this;
        }

        /**
         * Sets sorted.
         *
         * @param sorted whether children come sorted by key
         * @return this builder
         */
        public Builder sorted(boolean sorted) {
            this.sorted = sorted;
            return this;
        }

        /**
         * Sets quorum.
         *
         * @param quorum whether the read goes through raft
         * @return this builder
         */
        public Builder quorum(boolean quorum) {
            this.quorum = quorum;
            return this;
        }

        /**
         * Sets waitIndex; 0 for the next event.
         *
         * @param waitIndex the first index to wait for, or 0 for the next event
         * @return this builder
         */
        public Builder waitIndex(long waitIndex) {
            this.waitIndex = waitIndex;
            return this;
        }

        /**
         * Sets noValueOnSuccess.
         *
         * @param noValueOnSuccess whether a successful write's answer omits the node
         * @return this builder
         */
        public Builder noValueOnSuccess(boolean noValueOnSuccess) {
            this.noValueOnSuccess = noValueOnSuccess;
            return this;
        }

        /**
         * Sets the deadline; {@code null} for the adapter's default.
         *
         * @param timeout the call's deadline, or null for the adapter's default
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * {@return the request}
         *
         * @throws IllegalArgumentException if the combination is impossible
         */
        public EtcdRequest build() {
            return new EtcdRequest(operation, key, value, dir, ttl, prevExist, prevValue, prevIndex, refresh,
                    recursive, sorted, quorum, waitIndex, noValueOnSuccess, timeout);
        }
    }
}
