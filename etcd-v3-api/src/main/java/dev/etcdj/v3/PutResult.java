package dev.etcdj.v3;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a write.
 *
 * @param header the header; its revision is the write's
 * @param prevKv the key before the write, with {@code prevKv()} and if it existed
 */
public record PutResult(Header header, Optional<KeyValue> prevKv) implements OpResult {
    /**
     * Checks the components.
     *
     * @param header the header
     * @param prevKv the previous key-value, if asked for and present
     */
    public PutResult {
        Objects.requireNonNull(header, "header == null");
        Objects.requireNonNull(prevKv, "prevKv == null");
    }
}
