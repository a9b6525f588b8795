package dev.etcdj.v3;

import java.util.Objects;

/**
 * One comparison of a transaction: a key's value, version, create or mod revision, or lease against a
 * constant. A missing key has version, revisions and lease 0, so {@code version(key, EQUAL, 0)} means
 * "the key does not exist", the usual guard of a create.
 *
 * <pre>{@code
 * etcd.txn()
 *     .when(Compare.modRevision(key, Result.EQUAL, read.modRevision()))
 *     .then(Op.put(key, newValue))
 *     .commit();
 * }</pre>
 *
 * @param key the key compared
 * @param target what of the key is compared
 * @param result how it must compare with the constant
 * @param number the constant for the numeric targets (0 for {@code VALUE})
 * @param value the constant for {@code VALUE} (empty otherwise)
 */
public record Compare(ByteSequence key, Target target, Result result, long number, ByteSequence value) {
    /** What of a key is compared. */
    public enum Target {
        /** The key's version: how many writes since it was created; 0 when it does not exist. */
        VERSION,
        /** The revision that created the key. */
        CREATE,
        /** The revision of the key's last write. */
        MOD,
        /** The key's value, byte by byte. */
        VALUE,
        /** The key's lease id, 0 for none. */
        LEASE
    }

    /** How it must compare with the constant. */
    public enum Result {
        /** The target equals the constant. */
        EQUAL,
        /** The target is greater than the constant. */
        GREATER,
        /** The target is less than the constant. */
        LESS,
        /** The target differs from the constant. */
        NOT_EQUAL
    }

    /**
     * Checks the components.
     *
     * @param key the key
     * @param target the target
     * @param result the result
     * @param number the numeric constant
     * @param value the value constant
     */
    public Compare {
        Ops.key(key);
        Objects.requireNonNull(target, "target == null");
        Objects.requireNonNull(result, "result == null");
        Objects.requireNonNull(value, "value == null");
        Ops.require(target == Target.VALUE || value.isEmpty(), target + " compares a number, not a value");
        Ops.require(target != Target.VALUE || number == 0, "VALUE compares a value, not a number");
        Ops.require(number >= 0, "a version, revision or lease is never negative: " + number);
    }

    /**
     * {@return a comparison of the key's value}
     *
     * @param key the key
     * @param result how it must compare
     * @param value the constant, compared byte by byte
     */
    public static Compare value(ByteSequence key, Result result, ByteSequence value) {
        return new Compare(key, Target.VALUE, result, 0, value);
    }

    /**
     * {@return a comparison of the key's version (0 when it does not exist)}
     *
     * @param key the key
     * @param result how it must compare
     * @param version the constant
     */
    public static Compare version(ByteSequence key, Result result, long version) {
        return new Compare(key, Target.VERSION, result, version, ByteSequence.EMPTY);
    }

    /**
     * {@return a comparison of the revision that created the key (0 when it does not exist)}
     *
     * @param key the key
     * @param result how it must compare
     * @param revision the constant
     */
    public static Compare createRevision(ByteSequence key, Result result, long revision) {
        return new Compare(key, Target.CREATE, result, revision, ByteSequence.EMPTY);
    }

    /**
     * {@return a comparison of the key's last modification revision (0 when it does not exist)}
     *
     * @param key the key
     * @param result how it must compare
     * @param revision the constant
     */
    public static Compare modRevision(ByteSequence key, Result result, long revision) {
        return new Compare(key, Target.MOD, result, revision, ByteSequence.EMPTY);
    }

    /**
     * {@return a comparison of the key's lease (0 for none)}
     *
     * @param key the key
     * @param result how it must compare
     * @param lease the constant
     */
    public static Compare lease(ByteSequence key, Result result, long lease) {
        return new Compare(key, Target.LEASE, result, lease, ByteSequence.EMPTY);
    }
}
