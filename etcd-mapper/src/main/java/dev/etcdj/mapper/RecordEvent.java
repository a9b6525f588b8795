package dev.etcdj.mapper;

import java.util.Map;
import java.util.Objects;

/**
 * What a {@link RecordWatch} delivers: a record written, a record removed (deleted or expired), or, after
 * the watch fell behind etcd's event history, all records as they are now.
 *
 * @param <T> the record type
 */
public sealed interface RecordEvent<T> {

    /**
     * A record was written; {@code record} is its new, complete state.
     *
     * @param id the record's id
     * @param record the record
     */
    record Put<T>(String id, T record) implements RecordEvent<T> {
        /**
         * Checks the components.
         *
         * @param id the record's id
         * @param record the record
         */
        public Put {
            Objects.requireNonNull(id, "id == null");
            Objects.requireNonNull(record, "record == null");
        }
    }

    /**
     * A record was deleted or expired.
     *
     * @param id the record's id
     */
    record Removed<T>(String id) implements RecordEvent<T> {
        /**
         * Checks the id.
         *
         * @param id the record's id
         */
        public Removed {
            Objects.requireNonNull(id, "id == null");
        }
    }

    /**
     * Events were lost to etcd's history limit: here is every record as it is now; replace what you knew.
     *
     * @param records the records by id
     */
    record Resync<T>(Map<String, T> records) implements RecordEvent<T> {
        /**
         * Freezes the map.
         *
         * @param records the records by id
         */
        public Resync {
            records = Map.copyOf(records);
        }
    }
}
