package dev.etcdj.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A file node: a key with a string value.
 *
 * <p>{@link #value()} is {@code null} only in the {@code node} of a delete, compare-and-delete or expire
 * result, where etcd sends no value; the old value is in that result's {@code prevNode()}.
 *
 * @param key the absolute key
 * @param value the value; {@code ""} is a legal value
 * @param createdIndex the index of the write that created the node
 * @param modifiedIndex the index of the last write to the node
 * @param expiration when the node expires, if it has a TTL
 * @param ttl the remaining TTL reported by the server, rounded up to a second
 */
public record Value(String key, String value, long createdIndex, long modifiedIndex,
                    Optional<Instant> expiration, Optional<Duration> ttl) implements Node {

    /**
     * Checks the components.
     *
     * @param key the absolute key
     * @param value the value; {@code ""} is a legal value
     * @param createdIndex the index of the write that created the node
     * @param modifiedIndex the index of the last write to the node
     * @param expiration when the node expires, if it has a TTL
     * @param ttl the remaining TTL reported by the server, rounded up to a second
     */
    public Value {
        Objects.requireNonNull(key, "key == null");
        Objects.requireNonNull(expiration, "expiration == null");
        Objects.requireNonNull(ttl, "ttl == null");
    }

    /**
     * {@return a permanent value node}
     *
     * @param key the absolute key
     * @param value the value
     * @param createdIndex the index of the write that created the node
     * @param modifiedIndex the index of its last write
     */
    public static Value of(String key, String value, long createdIndex, long modifiedIndex) {
        return new Value(key, value, createdIndex, modifiedIndex, Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
        return "Value[" + key + "=" + value + ", created=" + createdIndex + ", modified=" + modifiedIndex
                + expiration.map(e -> ", expires=" + e).orElse("") + "]";
    }
}
