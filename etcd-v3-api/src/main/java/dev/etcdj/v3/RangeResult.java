package dev.etcdj.v3;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a read.
 *
 * @param header the header; its revision is the one the read saw
 * @param kvs the keys read, in the order asked for (by key, ascending, unless sorted otherwise); empty for
 *     {@code countOnly()}
 * @param more whether more keys were in range than the limit let through
 * @param count how many keys were in range, whatever the limit
 */
public record RangeResult(Header header, List<KeyValue> kvs, boolean more, long count) implements OpResult {
    /**
     * Checks the components and copies the list.
     *
     * @param header the header
     * @param kvs the keys read
     * @param more whether the limit cut the answer
     * @param count how many keys were in range
     */
    public RangeResult {
        Objects.requireNonNull(header, "header == null");
        kvs = List.copyOf(kvs);
    }

    /** {@return the first key read, if any: the key itself, for a read of one key} */
    public Optional<KeyValue> first() {
        return kvs.isEmpty() ? Optional.empty() : Optional.of(kvs.get(0));
    }
}
