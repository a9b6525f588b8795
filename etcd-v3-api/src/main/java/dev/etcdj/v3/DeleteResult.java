package dev.etcdj.v3;

import java.util.List;
import java.util.Objects;

/**
 * The answer to a delete.
 *
 * @param header the header; its revision is the delete's when it deleted something
 * @param deleted how many keys were deleted
 * @param prevKvs the keys deleted, with their last values, with {@code prevKv()}
 */
public record DeleteResult(Header header, long deleted, List<KeyValue> prevKvs) implements OpResult {
    /**
     * Checks the components and copies the list.
     *
     * @param header the header
     * @param deleted how many keys were deleted
     * @param prevKvs the keys deleted, if asked for
     */
    public DeleteResult {
        Objects.requireNonNull(header, "header == null");
        prevKvs = List.copyOf(prevKvs);
    }
}
