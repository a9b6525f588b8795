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

    /** For {@link dev.etcdj.api.Etcd#auth()}. */
    public EtcdAuth(EtcdAdapter adapter) {
        this.adapter = Objects.requireNonNull(adapter, "adapter == null");
    }

    private <T> T call(AdminCall<T> call) {
        return Futures.await(adapter.admin(call));
    }

    /** Returns whether auth is enabled. */
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

    /** Returns every user with its role names. */
    public List<User> users() {
        return call(new AdminCall.Users());
    }

    /** Returns user {@code name}. */
    public User user(String name) {
        return call(new AdminCall.GetUser(name));
    }

    /** Creates user {@code name} with {@code password} and {@code roles}. */
    public User createUser(String name, char[] password, String... roles) {
        return put(new AdminCall.PutUser(name, Objects.requireNonNull(password, "password == null"), List.of(roles),
                List.of(), List.of(), true));
    }

    /** Sets the password of user {@code name}. */
    public User changePassword(String name, char[] password) {
        return put(new AdminCall.PutUser(name, Objects.requireNonNull(password, "password == null"), List.of(), List.of(),
                List.of(), false));
    }

    /** Gives user {@code name} the roles. */
    public User grantRoles(String name, String... roles) {
        return put(new AdminCall.PutUser(name, null, List.of(), List.of(roles), List.of(), false));
    }

    /** Takes the roles from user {@code name}. */
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

    /** Deletes user {@code name}. */
    public void deleteUser(String name) {
        call(new AdminCall.DeleteUser(name));
    }

    /** Returns every role. */
    public List<Role> roles() {
        return call(new AdminCall.Roles());
    }

    /** Returns role {@code name}. */
    public Role role(String name) {
        return call(new AdminCall.GetRole(name));
    }

    /** Creates role {@code name} with {@code permissions}. */
    public Role createRole(String name, Permissions permissions) {
        return call(new AdminCall.PutRole(name, permissions, Permissions.NONE, true));
    }

    /** Adds {@code permissions} to role {@code name}. */
    public Role grant(String name, Permissions permissions) {
        return call(new AdminCall.PutRole(name, permissions, Permissions.NONE, false));
    }

    /** Removes {@code permissions} from role {@code name} (all of them must be held: {@code BAD_REQUEST} otherwise). */
    public Role revoke(String name, Permissions permissions) {
        return call(new AdminCall.PutRole(name, Permissions.NONE, permissions, false));
    }

    /** Deletes role {@code name}. */
    public void deleteRole(String name) {
        call(new AdminCall.DeleteRole(name));
    }
}
