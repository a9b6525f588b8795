package dev.etcdj.v3;

import java.util.Objects;

/**
 * Options of v3 key-value calls, typed by the calls they fit: {@link ForGet}, {@link ForPut},
 * {@link ForDelete} and {@link ForWatch}. Use the static factories:
 *
 * <pre>{@code
 * import static dev.etcdj.v3.KvOption.*;
 *
 * etcd.get("/config/", prefix(), limit(100), sort(SortTarget.MOD, SortOrder.DESCEND));
 * etcd.put("/lock", "me", lease(grant.id()), prevKv());
 * etcd.delete("/jobs/", prefix(), prevKv());
 * etcd.watch("/jobs/", prefix(), fromRevision(42), noDelete());
 * }</pre>
 *
 * <p>Factories check their argument at once; {@link Op}'s factories reject a combination etcd would
 * refuse (an option given twice, {@code ignoreValue()} with a value) before any I/O. Immutable values.
 */
public sealed interface KvOption {
    /** An option of a read. */
    sealed interface ForGet extends KvOption permits Prefix, RangeEnd, FromKey, Limit, AtRevision, Sort,
            Serializable, KeysOnly, CountOnly, ModRevisions, CreateRevisions {}

    /** An option of a write. */
    sealed interface ForPut extends KvOption permits Lease, PrevKv, IgnoreValue, IgnoreLease {}

    /** An option of a delete. */
    sealed interface ForDelete extends KvOption permits Prefix, RangeEnd, FromKey, PrevKv {}

    /** An option of a watch. */
    sealed interface ForWatch extends KvOption permits Prefix, RangeEnd, FromKey, PrevKv, FromRevision, NoPut,
            NoDelete, ProgressNotify {}

    /** What a read is sorted by. */
    enum SortTarget {
        /** By key, byte by byte. */
        KEY,
        /** By version. */
        VERSION,
        /** By the creating revision. */
        CREATE,
        /** By the last modifying revision. */
        MOD,
        /** By value, byte by byte. */
        VALUE
    }

    /** The direction of a sort; {@code NONE} leaves etcd's order (by key, ascending). */
    enum SortOrder {
        /** Unsorted: etcd's order, by key ascending. */
        NONE,
        /** Smallest first. */
        ASCEND,
        /** Largest first. */
        DESCEND
    }

    /** Every key that starts with the key given. */
    record Prefix() implements ForGet, ForDelete, ForWatch {}

    /**
     * Every key from the key given up to {@code end}, exclusive.
     *
     * @param end the range's end, exclusive, not empty
     */
    record RangeEnd(ByteSequence end) implements ForGet, ForDelete, ForWatch {
        /**
         * Checks the end.
         *
         * @param end the range's end, exclusive
         */
        public RangeEnd {
            Objects.requireNonNull(end, "end == null");
            if (end.isEmpty()) {
                throw new IllegalArgumentException("an empty range end means a single key: leave rangeEnd(...) out");
            }
        }
    }

    /** Every key from the key given on (etcd's range end {@code \0}). */
    record FromKey() implements ForGet, ForDelete, ForWatch {}

    /**
     * At most {@code count} keys; {@link RangeResult#more()} says whether there were more.
     *
     * @param count at least 1
     */
    record Limit(long count) implements ForGet {
        /**
         * Checks the count.
         *
         * @param count at least 1
         */
        public Limit {
            if (count < 1) {
                throw new IllegalArgumentException("limit < 1: " + count + " (leave it out for no limit)");
            }
        }
    }

    /**
     * Read the store as it was at {@code revision}; fails with {@link RevisionCompactedException} once
     * compacted away, {@link FutureRevisionException} beyond the current one.
     *
     * @param revision at least 1
     */
    record AtRevision(long revision) implements ForGet {
        /**
         * Checks the revision.
         *
         * @param revision at least 1
         */
        public AtRevision {
            if (revision < 1) {
                throw new IllegalArgumentException("revision < 1: " + revision + " (leave it out for the latest)");
            }
        }
    }

    /**
     * Sort the keys read.
     *
     * @param target what to sort by
     * @param order which way
     */
    record Sort(SortTarget target, SortOrder order) implements ForGet {
        /**
         * Checks the components.
         *
         * @param target what to sort by
         * @param order which way
         */
        public Sort {
            Objects.requireNonNull(target, "target == null");
            Objects.requireNonNull(order, "order == null");
        }
    }

    /** Answer from the member's own store without a quorum round: faster, possibly stale. */
    record Serializable() implements ForGet {}

    /** Keys and revisions only, no values. */
    record KeysOnly() implements ForGet {}

    /** The count only, no keys. */
    record CountOnly() implements ForGet {}

    /**
     * Only keys last modified within {@code [min, max]}; 0 leaves a side open.
     *
     * @param min the lowest mod revision, or 0
     * @param max the highest mod revision, or 0
     */
    record ModRevisions(long min, long max) implements ForGet {
        /**
         * Checks the bounds.
         *
         * @param min the lowest, or 0
         * @param max the highest, or 0
         */
        public ModRevisions {
            bounds("modRevisions", min, max);
        }
    }

    /**
     * Only keys created within {@code [min, max]}; 0 leaves a side open.
     *
     * @param min the lowest create revision, or 0
     * @param max the highest create revision, or 0
     */
    record CreateRevisions(long min, long max) implements ForGet {
        /**
         * Checks the bounds.
         *
         * @param min the lowest, or 0
         * @param max the highest, or 0
         */
        public CreateRevisions {
            bounds("createRevisions", min, max);
        }
    }

    /**
     * Attach the key to a lease: it is deleted when the lease expires or is revoked.
     *
     * @param id the lease's id, from {@link EtcdV3#grantLease}
     */
    record Lease(long id) implements ForPut {
        /**
         * Checks the id.
         *
         * @param id not 0
         */
        public Lease {
            if (id == 0) {
                throw new IllegalArgumentException("lease id 0 means no lease: leave lease(...) out");
            }
        }
    }

    /** Answer with the key as it was before the write or delete (a watch: in each event). */
    record PrevKv() implements ForPut, ForDelete, ForWatch {}

    /**
     * Watch from {@code revision} on, replaying the history kept since then; without it a watch starts
     * after the current revision.
     *
     * @param revision at least 1
     */
    record FromRevision(long revision) implements ForWatch {
        /**
         * Checks the revision.
         *
         * @param revision at least 1
         */
        public FromRevision {
            if (revision < 1) {
                throw new IllegalArgumentException("revision < 1: " + revision + " (leave it out to watch from now)");
            }
        }
    }

    /** Leave out the writes: a watch of deletes only. */
    record NoPut() implements ForWatch {}

    /** Leave out the deletes: a watch of writes only. */
    record NoDelete() implements ForWatch {}

    /**
     * Have etcd send {@link WatchEvent.Progress} when the watch is idle (every ten minutes by default,
     * etcd's {@code --experimental-watch-progress-notify-interval}).
     */
    record ProgressNotify() implements ForWatch {}

    /** Keep the key's current value (the write then changes its lease only); pass an empty value. */
    record IgnoreValue() implements ForPut {}

    /** Keep the key's current lease. */
    record IgnoreLease() implements ForPut {}

    private static void bounds(String what, long min, long max) {
        if (min < 0 || max < 0 || (max != 0 && min > max)) {
            throw new IllegalArgumentException(what + ": want 0 <= min <= max (0: open), got [" + min + ", " + max + "]");
        }
    }

    /** {@return every key starting with the key given} */
    static Prefix prefix() {
        return Flags.PREFIX;
    }

    /**
     * {@return every key from the key given up to {@code end}, exclusive}
     *
     * @param end the range's end
     */
    static RangeEnd rangeEnd(ByteSequence end) {
        return new RangeEnd(end);
    }

    /** {@return every key from the key given on} */
    static FromKey fromKey() {
        return Flags.FROM_KEY;
    }

    /**
     * {@return at most {@code count} keys}
     *
     * @param count at least 1
     */
    static Limit limit(long count) {
        return new Limit(count);
    }

    /**
     * {@return a read of the store as it was at {@code revision}}
     *
     * @param revision at least 1
     */
    static AtRevision atRevision(long revision) {
        return new AtRevision(revision);
    }

    /**
     * {@return a sort of the keys read}
     *
     * @param target what to sort by
     * @param order which way
     */
    static Sort sort(SortTarget target, SortOrder order) {
        return new Sort(target, order);
    }

    /** {@return a read from the member's own store, without a quorum round} */
    static Serializable serializable() {
        return Flags.SERIALIZABLE;
    }

    /** {@return keys without values} */
    static KeysOnly keysOnly() {
        return Flags.KEYS_ONLY;
    }

    /** {@return the count alone} */
    static CountOnly countOnly() {
        return Flags.COUNT_ONLY;
    }

    /**
     * {@return only keys last modified within the bounds}
     *
     * @param min the lowest mod revision, or 0
     * @param max the highest mod revision, or 0
     */
    static ModRevisions modRevisions(long min, long max) {
        return new ModRevisions(min, max);
    }

    /**
     * {@return only keys created within the bounds}
     *
     * @param min the lowest create revision, or 0
     * @param max the highest create revision, or 0
     */
    static CreateRevisions createRevisions(long min, long max) {
        return new CreateRevisions(min, max);
    }

    /**
     * {@return the key attached to lease {@code id}}
     *
     * @param id the lease's id
     */
    static Lease lease(long id) {
        return new Lease(id);
    }

    /** {@return the key as it was before the write or delete, in the answer} */
    static PrevKv prevKv() {
        return Flags.PREV_KV;
    }

    /** {@return the key's current value kept} */
    static IgnoreValue ignoreValue() {
        return Flags.IGNORE_VALUE;
    }

    /** {@return the key's current lease kept} */
    static IgnoreLease ignoreLease() {
        return Flags.IGNORE_LEASE;
    }

    /**
     * {@return a watch from {@code revision} on}
     *
     * @param revision at least 1
     */
    static FromRevision fromRevision(long revision) {
        return new FromRevision(revision);
    }

    /** {@return a watch without the writes} */
    static NoPut noPut() {
        return Flags.NO_PUT;
    }

    /** {@return a watch without the deletes} */
    static NoDelete noDelete() {
        return Flags.NO_DELETE;
    }

    /** {@return a watch that etcd tells of its progress when idle} */
    static ProgressNotify progressNotify() {
        return Flags.PROGRESS_NOTIFY;
    }
}
