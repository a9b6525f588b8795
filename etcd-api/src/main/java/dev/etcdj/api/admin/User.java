package dev.etcdj.api.admin;

import java.util.List;
import java.util.Objects;

/**
 * An etcd v2 auth user. Its password is never read back.
 *
 * @param name the user's name
 * @param roles the names of its roles
 */
public record User(String name, List<String> roles) {
    /** The user that exists before auth can be enabled. */
    public static final String ROOT = "root";

    /**
     * Checks and copies the components.
     *
     * @param name the user's name
     * @param roles the names of its roles
     */
    public User {
        Objects.requireNonNull(name, "name == null");
        roles = List.copyOf(roles);
    }
}
