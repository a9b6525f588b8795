package dev.etcdj.v3;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What etcd knows of a lease: how long it has left, what it was granted, and the keys attached.
 *
 * @param header the header of the answer
 * @param id the lease's id
 * @param remaining the time left, in whole seconds
 * @param granted the time to live it was granted or last renewed with
 * @param keys the keys attached, when asked for
 */
public record LeaseStatus(Header header, long id, Duration remaining, Duration granted, List<ByteSequence> keys) {
    /**
     * Checks the components and copies the list.
     *
     * @param header the header
     * @param id the id
     * @param remaining the time left
     * @param granted the granted time to live
     * @param keys the keys attached
     */
    public LeaseStatus {
        Objects.requireNonNull(header, "header == null");
        Objects.requireNonNull(remaining, "remaining == null");
        Objects.requireNonNull(granted, "granted == null");
        keys = List.copyOf(keys);
    }
}
