package dev.etcdj.v3;

import java.util.Objects;

/**
 * An alarm a member raised: its store is out of space (writes are refused until space is freed and the
 * alarm disarmed) or corrupt.
 *
 * @param memberId the member that raised it
 * @param type what it is
 */
public record Alarm(long memberId, Type type) {
    /** The kinds of alarm. */
    public enum Type {
        /** The backend reached its quota ({@code --quota-backend-bytes}): writes fail until it is disarmed. */
        NOSPACE,
        /** The member found its data inconsistent with the others'. */
        CORRUPT
    }

    /**
     * Checks the components.
     *
     * @param memberId the member
     * @param type the kind
     */
    public Alarm {
        Objects.requireNonNull(type, "type == null");
    }

    @Override
    public String toString() {
        return "Alarm[" + type + " on " + Long.toUnsignedString(memberId, 16) + "]";
    }
}
