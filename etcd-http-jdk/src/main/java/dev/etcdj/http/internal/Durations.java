package dev.etcdj.http.internal;

import java.time.Duration;
import java.util.Objects;

/** The check of the builders' time settings: one home, so that the v2 and v3 adapters refuse alike. */
public final class Durations {
    private Durations() {
    }

    /**
     * Returns {@code d} if it is positive.
     *
     * @param d the duration given
     * @param name the setting's name, for the message
     * @return {@code d}
     * @throws IllegalArgumentException if {@code d} is zero or negative
     */
    public static Duration requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name + " == null");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " <= 0: " + d);
        }
        return d;
    }
}
