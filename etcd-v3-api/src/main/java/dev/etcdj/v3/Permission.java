package dev.etcdj.v3;

import java.util.Objects;

/**
 * What a role may do on a key or a range of keys.
 *
 * <pre>{@code
 * auth.grant("app", Permission.readWrite(ByteSequence.of("/app/")).withPrefix());
 * auth.grant("audit", Permission.read(ByteSequence.of("/audit/")).withPrefix());
 * }</pre>
 *
 * @param type read, write or both
 * @param key the key, or the start of the range
 * @param rangeEnd the end of the range, exclusive; empty for {@code key} alone, {@code \0} for every key from it
 */
public record Permission(Type type, ByteSequence key, ByteSequence rangeEnd) {
    /** What a permission allows. */
    public enum Type {
        /** Reads: ranges, and watches. */
        READ,
        /** Writes: puts and deletes. */
        WRITE,
        /** Both. */
        READWRITE
    }

    /**
     * Checks the components.
     *
     * @param type the kind
     * @param key the key
     * @param rangeEnd the range's end
     */
    public Permission {
        Objects.requireNonNull(type, "type == null");
        Ops.key(key);
        Objects.requireNonNull(rangeEnd, "rangeEnd == null");
    }

    /**
     * {@return reading {@code key}}
     *
     * @param key the key
     */
    public static Permission read(ByteSequence key) {
        return new Permission(Type.READ, key, ByteSequence.EMPTY);
    }

    /**
     * {@return writing {@code key}}
     *
     * @param key the key
     */
    public static Permission write(ByteSequence key) {
        return new Permission(Type.WRITE, key, ByteSequence.EMPTY);
    }

    /**
     * {@return reading and writing {@code key}}
     *
     * @param key the key
     */
    public static Permission readWrite(ByteSequence key) {
        return new Permission(Type.READWRITE, key, ByteSequence.EMPTY);
    }

    /** {@return this permission on every key that starts with the key} */
    public Permission withPrefix() {
        return new Permission(type, key, key.prefixEnd());
    }

    /**
     * {@return this permission on the keys from the key up to {@code end}, exclusive}
     *
     * @param end the range's end, after the key
     */
    public Permission withRangeEnd(ByteSequence end) {
        Objects.requireNonNull(end, "end == null");
        if (end.compareTo(key) <= 0 && !end.equals(ByteSequence.ZERO)) {
            throw new IllegalArgumentException("the range end " + end + " is not after the key " + key);
        }
        return new Permission(type, key, end);
    }
}
