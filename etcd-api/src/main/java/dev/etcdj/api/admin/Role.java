package dev.etcdj.api.admin;

import java.util.Objects;

/**
 * An etcd v2 auth role: a name and its key permissions. {@code root} may do anything; {@code guest} is
 * what requests without credentials get (read and write on {@code /*} until revoked).
 *
 * @param name the role's name
 * @param permissions its key permissions
 */
public record Role(String name, Permissions permissions) {
    /** The role with every right. */
    public static final String ROOT = "root";
    /** The role of requests without credentials. */
    public static final String GUEST = "guest";

    /**
     * Checks the components.
     *
     * @param name the role's name
     * @param permissions its key permissions
     */
    public Role {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(permissions, "permissions == null");
    }
}
