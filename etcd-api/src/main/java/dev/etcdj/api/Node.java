package dev.etcdj.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A node of etcd's key space: a {@link Value} (a file) or a {@link Directory}.
 *
 * <pre>{@code
 * Node node = etcd.get("/config").node();
 * if (node instanceof Directory dir) {
 *     for (Value leaf : dir.leaves()) System.Logger.log(INFO, leaf.key() + "=" + leaf.value());
 * }
 * }</pre>
 *
 * <p>Nodes are immutable snapshots of what the server sent.
 */
public sealed interface Node permits Value, Directory {

    /** {@return the absolute key, {@code "/"} for the root} */
    String key();

    /** {@return the index of the write that created this node (0 for the root)} */
    long createdIndex();

    /** {@return the index of the last write to this node (0 for the root; a directory's never moves)} */
    long modifiedIndex();

    /** {@return when the node expires, if it has a TTL} */
    Optional<Instant> expiration();

    /**
     * {@return the remaining TTL as the server reported it, rounded up to a whole second; empty when the
     * node is permanent or when less than a second was left (see {@link #expiration()})}
     */
    Optional<Duration> ttl();

    /** {@return the last segment of the key, {@code ""} for the root} */
    default String name() {
        String key = key();
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** {@return whether this node is a directory} */
    default boolean isDirectory() {
        return this instanceof Directory;
    }

    /** {@return whether the node is hidden from listings (its name starts with {@code _})} */
    default boolean isHidden() {
        return name().startsWith("_");
    }

    /**
     * {@return this node as a {@link Value}}
     *
     * @throws IllegalStateException if it is a directory
     */
    default Value asValue() {
        if (this instanceof Value v) {
            return v;
        }
        throw new IllegalStateException(key() + " is a directory, not a value");
    }

    /**
     * {@return this node as a {@link Directory}}
     *
     * @throws IllegalStateException if it is a value
     */
    default Directory asDirectory() {
        if (this instanceof Directory d) {
            return d;
        }
        throw new IllegalStateException(key() + " is a value, not a directory");
    }
}
