package dev.etcdj.v3;

import dev.etcdj.v3.spi.AdminCall;
import dev.etcdj.v3.spi.V3Adapter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Users, roles and permissions, from {@link EtcdV3#auth()}; a client authenticates with the credentials
 * of its adapter (such as {@code GatewayAdapter.Builder.credentials}). Once authentication is on, every
 * call needs a user whose roles allow it, and managing users and roles needs the {@code root} role.
 * Passwords are {@code char[]}, never printed. Each call has the client's deadline. Thread-safe.
 *
 * <pre>{@code
 * Auth auth = etcd.auth();
 * auth.addUser("root", rootPassword);
 * auth.grantRole("root", "root");
 * auth.addRole("app");
 * auth.grant("app", Permission.readWrite(ByteSequence.of("/app/")).withPrefix());
 * auth.addUser("alice", alicePassword);
 * auth.grantRole("alice", "app");
 * auth.enable();                                   // from now on, only root manages, alice reads /app/
 * }</pre>
 */
public final class Auth {
    private final V3Adapter adapter;
    private final Duration timeout;

    Auth(V3Adapter adapter, Duration timeout) {
        this.adapter = adapter;
        this.timeout = timeout;
    }

    /**
     * Turns authentication on.
     *
     * @return the header of the answer
     * @throws EtcdV3ServerException if there is no {@code root} user, or it lacks the {@code root} role
     */
    public Header enable() {
        return adapter.admin(new AdminCall.AuthEnable(), timeout);
    }

    /** {@return the header of the answer}: turns authentication off (needs root once it is on) */
    public Header disable() {
        return adapter.admin(new AdminCall.AuthDisable(), timeout);
    }

    /** {@return whether authentication is on, and the auth store's revision} (etcd 3.5 and later) */
    public AuthStatus status() {
        return adapter.admin(new AdminCall.AuthStatusCall(), timeout);
    }

    /**
     * Adds user {@code name} with {@code password}.
     *
     * @param name the user, not empty
     * @param password the password; the array is not kept
     * @return the header of the answer
     */
    public Header addUser(String name, char[] password) {
        return adapter.admin(new AdminCall.UserAdd(name(name, "user"), Objects.requireNonNull(password, "password == null").clone()),
                timeout);
    }

    /**
     * {@return the roles of user {@code name}}
     *
     * @param name the user
     */
    public List<String> rolesOf(String name) {
        return adapter.admin(new AdminCall.UserGet(name(name, "user")), timeout);
    }

    /** {@return the users' names, sorted} */
    public List<String> users() {
        return adapter.admin(new AdminCall.UserList(), timeout);
    }

    /**
     * Deletes user {@code name}.
     *
     * @param name the user
     * @return the header of the answer
     */
    public Header deleteUser(String name) {
        return adapter.admin(new AdminCall.UserDelete(name(name, "user")), timeout);
    }

    /**
     * Changes the password of user {@code name}; its tokens stay valid until they expire.
     *
     * @param name the user
     * @param password the new password; the array is not kept
     * @return the header of the answer
     */
    public Header changePassword(String name, char[] password) {
        return adapter.admin(new AdminCall.UserChangePassword(name(name, "user"),
                Objects.requireNonNull(password, "password == null").clone()), timeout);
    }

    /**
     * Grants role {@code role} to user {@code user}.
     *
     * @param user the user
     * @param role the role ({@code root} needs no creating)
     * @return the header of the answer
     */
    public Header grantRole(String user, String role) {
        return adapter.admin(new AdminCall.UserGrantRole(name(user, "user"), name(role, "role")), timeout);
    }

    /**
     * Revokes role {@code role} from user {@code user}.
     *
     * @param user the user
     * @param role the role
     * @return the header of the answer
     */
    public Header revokeRole(String user, String role) {
        return adapter.admin(new AdminCall.UserRevokeRole(name(user, "user"), name(role, "role")), timeout);
    }

    /**
     * Adds role {@code name}, with no permission.
     *
     * @param name the role
     * @return the header of the answer
     */
    public Header addRole(String name) {
        return adapter.admin(new AdminCall.RoleAdd(name(name, "role")), timeout);
    }

    /**
     * {@return the permissions of role {@code name}}
     *
     * @param name the role
     */
    public List<Permission> permissionsOf(String name) {
        return adapter.admin(new AdminCall.RoleGet(name(name, "role")), timeout);
    }

    /** {@return the roles' names, sorted} */
    public List<String> roles() {
        return adapter.admin(new AdminCall.RoleList(), timeout);
    }

    /**
     * Deletes role {@code name}.
     *
     * @param name the role
     * @return the header of the answer
     */
    public Header deleteRole(String name) {
        return adapter.admin(new AdminCall.RoleDelete(name(name, "role")), timeout);
    }

    /**
     * Grants {@code permission} to role {@code role}; one on the same key and range replaces it.
     *
     * @param role the role
     * @param permission the permission
     * @return the header of the answer
     */
    public Header grant(String role, Permission permission) {
        return adapter.admin(new AdminCall.RoleGrantPermission(name(role, "role"),
                Objects.requireNonNull(permission, "permission == null")), timeout);
    }

    /**
     * Revokes from role {@code role} its permission on {@code permission}'s key and range.
     *
     * @param role the role
     * @param permission the permission (its type does not matter)
     * @return the header of the answer
     */
    public Header revoke(String role, Permission permission) {
        Objects.requireNonNull(permission, "permission == null");
        return adapter.admin(new AdminCall.RoleRevokePermission(name(role, "role"), permission.key(), permission.rangeEnd()),
                timeout);
    }

    private static String name(String name, String what) {
        Objects.requireNonNull(name, what + " == null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a " + what + " name is not empty");
        }
        return name;
    }

    @Override
    public String toString() {
        return "Auth[" + adapter + "]";
    }
}
