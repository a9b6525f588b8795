package dev.etcdj.v3;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Watch} delivers: a key written ({@link Put}) or deleted ({@link Delete}), in revision order,
 * each exactly once; a note that every change up to a revision has been delivered ({@link Progress}); or
 * the end of a watch whose history was compacted away ({@link Compacted}).
 *
 * <pre>{@code
 * if (event instanceof WatchEvent.Put put) {
 *     cache.put(put.kv().key(), put.kv().value());
 * } else if (event instanceof WatchEvent.Delete delete) {
 *     cache.remove(delete.key());
 * } else if (event instanceof WatchEvent.Compacted compacted) {
 *     reload(compacted.compactRevision());   // read again, watch from the read's revision + 1
 * }                                         // WatchEvent.Progress: nothing to do
 * }</pre>
 */
public sealed interface WatchEvent permits WatchEvent.Put, WatchEvent.Delete, WatchEvent.Progress, WatchEvent.Compacted {
    /** {@return the revision of the change, or the revision a progress note or compaction speaks of} */
    long revision();

    /**
     * A key written at {@code kv.modRevision()}.
     *
     * @param kv the key as written
     * @param prev the key before the write, with {@code prevKv()} and when it existed
     */
    record Put(KeyValue kv, Optional<KeyValue> prev) implements WatchEvent {
        /**
         * Checks the components.
         *
         * @param kv the key as written
         * @param prev the key before
         */
        public Put {
            Objects.requireNonNull(kv, "kv == null");
            Objects.requireNonNull(prev, "prev == null");
        }

        @Override
        public long revision() {
            return kv.modRevision();
        }
    }

    /**
     * A key deleted at {@code revision} (by a delete, or by the expiry or revocation of its lease).
     *
     * @param key the key
     * @param revision the revision of the delete
     * @param prev the key before the delete, with {@code prevKv()}
     */
    record Delete(ByteSequence key, long revision, Optional<KeyValue> prev) implements WatchEvent {
        /**
         * Checks the components.
         *
         * @param key the key
         * @param revision the delete's revision
         * @param prev the key before
         */
        public Delete {
            Objects.requireNonNull(key, "key == null");
            Objects.requireNonNull(prev, "prev == null");
        }
    }

    /**
     * Every change up to {@code revision} has been delivered: the answer to {@link Watch#requestProgress()},
     * or etcd's note on an idle watch made with {@code progressNotify()}.
     *
     * @param revision the store's revision when etcd sent it
     */
    record Progress(long revision) implements WatchEvent {}

    /**
     * The watch asked for history etcd has compacted away: changes before {@code compactRevision} are
     * lost to it, and the watch has ended. Read the current state ({@link EtcdV3#get}) and watch again
     * from the revision of that read + 1.
     *
     * @param compactRevision the revision the store was compacted at
     */
    record Compacted(long compactRevision) implements WatchEvent {
        @Override
        public long revision() {
            return compactRevision;
        }
    }
}
