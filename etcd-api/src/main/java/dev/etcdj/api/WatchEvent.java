package dev.etcdj.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What a continuous {@link Watch} delivers: a {@link Change} for each event, or a {@link Resync} when
 * etcd's event history no longer held the events the watch needed.
 */
public sealed interface WatchEvent {

    /**
     * One event, in index order. The result's node is the changed node (for a recursive watch, possibly a
     * descendant; for the deletion or expiry of an ancestor directory, that directory).
     *
     * @param result the event, e.g. {@link Stored}, {@link Deleted} or {@link Expired}
     */
    record Change(EtcdResult result) implements WatchEvent {
        /**
         * Checks the result.
         *
         * @param result the event, e.g. {@link Stored}, {@link Deleted} or {@link Expired}
         */
        public Change {
            Objects.requireNonNull(result, "result == null");
        }
    }

    /**
     * The watch fell more than 1,000 events behind (etcd error 401), so some events cannot be delivered.
     * It read the watched key again instead: {@link #snapshot()} is its state at {@link #etcdIndex()}, and
     * the watch goes on with the events after that index. Treat it as "replace what you knew".
     *
     * @param snapshot the watched node (recursive if the watch is), empty if it did not exist
     * @param etcdIndex the store index the snapshot was taken at
     */
    record Resync(Optional<Node> snapshot, long etcdIndex) implements WatchEvent {
        /**
         * Checks the snapshot.
         *
         * @param snapshot the watched node (recursive if the watch is), empty if it did not exist
         * @param etcdIndex the store index the snapshot was taken at
         */
        public Resync {
            Objects.requireNonNull(snapshot, "snapshot == null");
        }
    }
}
