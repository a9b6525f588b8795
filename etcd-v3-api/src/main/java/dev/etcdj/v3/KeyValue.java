package dev.etcdj.v3;

import java.util.Objects;

/**
 * A key and its value at some revision, as etcd's {@code mvccpb.KeyValue}.
 *
 * @param key the key
 * @param value the value; empty for {@code keysOnly()} reads and in delete events
 * @param createRevision the revision of the write that created this incarnation of the key
 * @param modRevision the revision of the last write to the key
 * @param version how many writes this incarnation has seen (1 after its creation); a delete resets it to 0
 * @param lease the id of the lease the key is attached to, or 0
 */
public record KeyValue(ByteSequence key, ByteSequence value, long createRevision, long modRevision, long version,
                       long lease) {
    /**
     * Checks the components.
     *
     * @param key the key
     * @param value the value
     * @param createRevision the creating revision
     * @param modRevision the last modifying revision
     * @param version the version
     * @param lease the lease id, or 0
     */
    public KeyValue {
        Objects.requireNonNull(key, "key == null");
        Objects.requireNonNull(value, "value == null");
    }
}
