package dev.etcdj.api.admin;

import dev.etcdj.api.internal.Futures;
import dev.etcdj.api.spi.AdminCall;
import dev.etcdj.api.spi.EtcdAdapter;
import java.util.List;
import java.util.Objects;

/**
 * The v2 auth calls, blocking: {@code etcd.auth().createUser("app", password, "app-role")}. Enabling auth
 * needs a {@code root} user; after it, the {@code guest} role still gives requests without credentials read
 * and write on {@code /*} until you revoke it. Every call but {@link #isEnabled()} needs root credentials
 * once auth is on. Errors are {@link dev.etcdj.api.EtcdAdminException} (exists, not found, forbidden) and
 * {@link dev.etcdj.api.UnauthorizedException}. Passwords are taken as {@code char[]}, copied for the call
 * only, overwritten after it, and never printed. Thread-safe.
 */
public final class EtcdAuth {
    private final EtcdAdapter adapter;

    /**
     * For {@link dev.etcdj.api.Etcd#auth()}.
     *
     * @param adapter the transport, with an admin API (the HTTP adapter has one)
     */
    public EtcdAuth(EtcdAdapter adapter) {
        this.adapter = Objects.requireNonNull(adapter, "adapter == null");
    }

    private <T> T call(AdminCall<T> call) {
        return Futures.await(adapter.admin(call));
    }

    /** {@return whether auth is enabled} */
    public boolean isEnabled() {
        return call(new AdminCall.AuthStatus());
    }

    /** Enables auth (a {@code root} user must exist: {@code CONFLICT} otherwise). */
    public void enable() {
        call(new AdminCall.SetAuth(true));
    }

    /** Disables auth. */
    public void disable() {
        call(new AdminCall.SetAuth(false));
    }

    /** {@return every user with its role names} */
    public List<User> users() {
        return call(new AdminCall.Users());
    }

    /**
     * {@return user {@code name}}
     *
     * @param name the name: not empty, no {@code /}
     */
    public User user(String name) {
        return call(new AdminCall.GetUser(name));
    }

    /**
     * Creates user {@code name} with {@code password} and {@code roles}.
     *
     * @param name the name: not empty, no {@code /}
     * @param password the password; copied, so clear your array when done; never logged
     * @param roles role names
     * @return the user created
     */
    public User createUser(String name, char[] password, String... roles) {
        return put(new AdminCall.PutUser(name, Objects.requireNonNull(password, "password == null"), List.of(roles),
                List.of(), List.of(), true));
    }

    /**
     * Sets the password of user {@code name}.
     *
     * @param name the name: not empty, no {@code /}
     * @param password the password; copied, so clear your array when done; never logged
     * @return the user
     */
    public User changePassword(String name, char[] password) {
        return put(new AdminCall.PutUser(name, Objects.requireNonNull(password, "password == null"), List.of(), List.of(),
                List.of(), false));
    }

    /**
     * Gives user {@code name} the roles.
     *
     * @param name the name: not empty, no {@code /}
     * @param roles role names
     * @return the user with its roles
     */
    public User grantRoles(String name, String... roles) {
        return put(new AdminCall.PutUser(name, null, List.of(), List.of(roles), List.of(), false));
    }

    /**
     * Takes the roles from user {@code name}.
     *
     * @param name the name: not empty, no {@code /}
     * @param roles role names
     * @return the user with its roles
     */
    public User revokeRoles(String name, String... roles) {
        return put(new AdminCall.PutUser(name, null, List.of(), List.of(), List.of(roles), false));
    }

    private User put(AdminCall.PutUser call) {
        try {
            return call(call);
        } finally {
            call.clear();
        }
    }

    /**
     * Deletes user {@code name}.
     *
     * @param name the name: not empty, no {@code /}
     */
    public void deleteUser(String name) {
        call(new AdminCall.DeleteUser(name));
    }

    /** {@return every role} */
    public List<Role> roles() {
        return call(new AdminCall.Roles());
    }

    /**
     * {@return role {@code name}}
     *
     * @param name the name: not empty, no {@code /}
     */
    public Role role(String name) {
        return call(new AdminCall.GetRole(name));
    }

    /**
     * Creates role {@code name} with {@code permissions}.
     *
     * @param name the name: not empty, no {@code /}
     * @param permissions key globs for reading and writing, such as {@code Permissions.readWrite("/app/*")}
     * @return the role created
     */
    public Role createRole(String name, Permissions permissions) {
        return call(new AdminCall.PutRole(name, permissions, Permissions.NONE, true));
    }

    /**
     * Adds {@code permissions} to role {@code name}.
     *
     * @param name the name: not empty, no {@code /}
     * @param permissions key globs for reading and writing, such as {@code Permissions.readWrite("/app/*")}
     * @return the role with its permissions
     */
    public Role grant(String name, Permissions permissions) {
        return call(new AdminCall.PutRole(name, permissions, Permissions.NONE, false));
    }

    /**
     * Removes {@code permissions} from role {@code name} (all of them must be held: {@code BAD_REQUEST} otherwise).
     *
     * @param name the name: not empty, no {@code /}
     * @param permissions key globs for reading and writing, such as {@code Permissions.readWrite("/app/*")}
     * @return the role with its permissions
     */
    public Role revoke(String name, Permissions permissions) {
        return call(new AdminCall.PutRole(name, Permissions.NONE, permissions, false));
    }

    /**
     * Deletes role {@code name}.
     *
     * @param name the name: not empty, no {@code /}
     */
    public void deleteRole(String name) {
        call(new AdminCall.DeleteRole(name));
    }
}
