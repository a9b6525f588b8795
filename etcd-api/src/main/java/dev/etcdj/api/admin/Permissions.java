package dev.etcdj.api.admin;

import java.util.List;
import java.util.Objects;

/**
 * Key permissions of a role: etcd v2 globs, an exact key ({@code /app/config}) or a prefix ending in
 * {@code *} ({@code /app/*}).
 *
 * @param read globs the role may read
 * @param write globs the role may write
 */
public record Permissions(List<String> read, List<String> write) {
    /** No permission at all. */
    public static final Permissions NONE = new Permissions(List.of(), List.of());

    /**
     * Checks and copies the globs.
     *
     * @param read globs the role may read
     * @param write globs the role may write
     */
    public Permissions {
        read = List.copyOf(read);
        write = List.copyOf(write);
        for (String g : read) {
            check(g);
        }
        for (String g : write) {
            check(g);
        }
    }

    private static void check(String glob) {
        Objects.requireNonNull(glob, "glob == null");
        if (!glob.startsWith("/")) {
            throw new IllegalArgumentException("a key glob starts with '/': \"" + glob + "\"");
        }
    }

    /**
     * {@return read and write access to the same globs}
     *
     * @param globs key globs, such as {@code /app/*}
     */
    public static Permissions readWrite(String... globs) {
        return new Permissions(List.of(globs), List.of(globs));
    }

    /**
     * {@return read access to {@code globs}}
     *
     * @param globs key globs, such as {@code /app/*}
     */
    public static Permissions readOnly(String... globs) {
        return new Permissions(List.of(globs), List.of());
    }

    /**
     * {@return write access to {@code globs}}
     *
     * @param globs key globs, such as {@code /app/*}
     */
    public static Permissions writeOnly(String... globs) {
        return new Permissions(List.of(), List.of(globs));
    }
}
