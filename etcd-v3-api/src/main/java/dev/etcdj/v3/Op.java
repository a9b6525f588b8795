package dev.etcdj.v3;

import dev.etcdj.v3.KvOption.SortOrder;
import dev.etcdj.v3.KvOption.SortTarget;
import java.util.List;
import java.util.Objects;

/**
 * One key-value operation, checked and transport-neutral: what {@link EtcdV3} hands its adapter, and what
 * a transaction's branches hold. The fields follow etcd's {@code RangeRequest}, {@code PutRequest},
 * {@code DeleteRangeRequest} and {@code TxnRequest}; build them with {@link #get}, {@link #put},
 * {@link #delete} and {@link #txn}, whose options are checked before any I/O.
 */
public sealed interface Op permits Op.Get, Op.Put, Op.Delete, Op.Txn {

    /**
     * A read of one key, or of the keys in {@code [key, rangeEnd)}.
     *
     * @param key the key, or the range's start
     * @param rangeEnd empty for one key; {@link ByteSequence#ZERO} for every key from {@code key} on
     * @param limit the most keys to return, 0 for all
     * @param revision the revision to read at, 0 for the latest
     * @param sortTarget what to sort by
     * @param sortOrder which way, {@code NONE} for etcd's order
     * @param serializable a read from the member's own store
     * @param keysOnly without values
     * @param countOnly the count alone
     * @param minModRevision the lowest mod revision, or 0
     * @param maxModRevision the highest mod revision, or 0
     * @param minCreateRevision the lowest create revision, or 0
     * @param maxCreateRevision the highest create revision, or 0
     */
    record Get(ByteSequence key, ByteSequence rangeEnd, long limit, long revision, SortTarget sortTarget,
               SortOrder sortOrder, boolean serializable, boolean keysOnly, boolean countOnly, long minModRevision,
               long maxModRevision, long minCreateRevision, long maxCreateRevision) implements Op {
        /**
         * Checks the components.
         *
         * @param key the key
         * @param rangeEnd the range's end, or empty
         * @param limit the limit, or 0
         * @param revision the revision, or 0
         * @param sortTarget the sort target
         * @param sortOrder the sort order
         * @param serializable a serializable read
         * @param keysOnly without values
         * @param countOnly the count alone
         * @param minModRevision the lowest mod revision, or 0
         * @param maxModRevision the highest mod revision, or 0
         * @param minCreateRevision the lowest create revision, or 0
         * @param maxCreateRevision the highest create revision, or 0
         */
        public Get {
            Ops.key(key);
            Objects.requireNonNull(rangeEnd, "rangeEnd == null");
            Objects.requireNonNull(sortTarget, "sortTarget == null");
            Objects.requireNonNull(sortOrder, "sortOrder == null");
            Ops.require(limit >= 0 && revision >= 0 && minModRevision >= 0 && maxModRevision >= 0
                    && minCreateRevision >= 0 && maxCreateRevision >= 0, "negative limit or revision");
        }
    }

    /**
     * A write of one key.
     *
     * @param key the key
     * @param value the value; empty with {@code ignoreValue}
     * @param lease the lease to attach the key to, or 0
     * @param prevKv answer with the key as it was
     * @param ignoreValue keep the current value
     * @param ignoreLease keep the current lease
     */
    record Put(ByteSequence key, ByteSequence value, long lease, boolean prevKv, boolean ignoreValue,
               boolean ignoreLease) implements Op {
        /**
         * Checks the components: etcd refuses a value with {@code ignoreValue} and a lease with
         * {@code ignoreLease}.
         *
         * @param key the key
         * @param value the value
         * @param lease the lease, or 0
         * @param prevKv answer with the previous key
         * @param ignoreValue keep the value
         * @param ignoreLease keep the lease
         */
        public Put {
            Ops.key(key);
            Objects.requireNonNull(value, "value == null");
            Ops.require(!(ignoreValue && !value.isEmpty()), "ignoreValue() keeps the current value: pass an empty value");
            Ops.require(!(ignoreLease && lease != 0), "ignoreLease() keeps the current lease: leave lease(...) out");
        }
    }

    /**
     * A delete of one key, or of the keys in {@code [key, rangeEnd)}.
     *
     * @param key the key, or the range's start
     * @param rangeEnd empty for one key
     * @param prevKv answer with the keys deleted
     */
    record Delete(ByteSequence key, ByteSequence rangeEnd, boolean prevKv) implements Op {
        /**
         * Checks the components.
         *
         * @param key the key
         * @param rangeEnd the range's end, or empty
         * @param prevKv answer with the keys deleted
         */
        public Delete {
            Ops.key(key);
            Objects.requireNonNull(rangeEnd, "rangeEnd == null");
        }
    }

    /**
     * A transaction: if every comparison holds, the {@code success} operations run, else the
     * {@code failure} ones, all at one revision.
     *
     * @param compares the comparisons, all of which must hold
     * @param success what runs when they do
     * @param failure what runs when one does not
     */
    record Txn(List<Compare> compares, List<Op> success, List<Op> failure) implements Op {
        /**
         * Copies the lists.
         *
         * @param compares the comparisons
         * @param success the operations if they hold
         * @param failure the operations if one does not
         */
        public Txn {
            compares = List.copyOf(compares);
            success = List.copyOf(success);
            failure = List.copyOf(failure);
        }
    }

    /**
     * {@return a read of {@code key}, or of a range with {@code prefix()}, {@code rangeEnd(...)} or {@code fromKey()}}
     *
     * @param key the key
     * @param options the read's options
     */
    static Get get(ByteSequence key, KvOption.ForGet... options) {
        return Ops.get(key, options);
    }

    /**
     * {@return a write of {@code value} at {@code key}}
     *
     * @param key the key
     * @param value the value
     * @param options the write's options
     */
    static Put put(ByteSequence key, ByteSequence value, KvOption.ForPut... options) {
        return Ops.put(key, value, options);
    }

    /**
     * {@return a delete of {@code key}, or of a range with {@code prefix()}, {@code rangeEnd(...)} or {@code fromKey()}}
     *
     * @param key the key
     * @param options the delete's options
     */
    static Delete delete(ByteSequence key, KvOption.ForDelete... options) {
        return Ops.delete(key, options);
    }

    /**
     * {@return a transaction, to nest in another one's branch}
     *
     * @param when the comparisons
     * @param then the operations if they all hold
     * @param otherwise the operations if one does not
     */
    static Txn txn(List<Compare> when, List<Op> then, List<Op> otherwise) {
        return new Txn(when, then, otherwise);
    }
}
