package dev.etcdj.testkit.internal;

import dev.etcdj.api.admin.Permissions;
import dev.etcdj.api.admin.Role;
import dev.etcdj.api.admin.User;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * etcd's v2 auth store ({@code etcdserver/api/v2auth}): users with salted password hashes and role names,
 * roles with read and write key globs, the built-in {@code root} role, the {@code guest} role created on
 * first enable with {@code /*} read and write, and etcd's exact refusals. Access checks follow
 * {@code v2http/client_auth.go}. Thread-safe (synchronized).
 */
public final class AuthStore {
    /** A refusal, with the HTTP status and message etcd answers. */
    public static final class AuthError extends Exception {
        private static final long serialVersionUID = 1L;
        public final int status;

        public AuthError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private static final Role ROOT = new Role(Role.ROOT, Permissions.readWrite("/*"));
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Account(byte[] salt, byte[] hash, List<String> roles) {
    }

    private final Map<String, Account> users = new TreeMap<>();
    private final Map<String, Role> roles = new TreeMap<>();
    private volatile boolean enabled;

    public boolean enabled() {
        return enabled;
    }

    public synchronized void enable() throws AuthError {
        if (enabled) {
            throw new AuthError(409, "auth: already enabled");
        }
        if (!users.containsKey(User.ROOT)) {
            throw new AuthError(409, "auth: No root user available, please create one");
        }
        roles.putIfAbsent(Role.GUEST, new Role(Role.GUEST, Permissions.readWrite("/*")));
        enabled = true;
    }

    public synchronized void disable() throws AuthError {
        if (!enabled) {
            throw new AuthError(409, "auth: already disabled");
        }
        enabled = false;
    }

    // ---- users ------------------------------------------------------------------------------------

    public synchronized List<User> users() {
        List<User> out = new ArrayList<>();
        for (Map.Entry<String, Account> e : users.entrySet()) {
            out.add(new User(e.getKey(), e.getValue().roles));
        }
        return out;
    }

    public synchronized User user(String name) throws AuthError {
        Account a = users.get(name);
        if (a == null) {
            throw new AuthError(404, "auth: User " + name + " does not exist.");
        }
        return new User(name, a.roles);
    }

    /** Returns the user's roles resolved, as etcd's GET does (404 for a role that does not exist). */
    public synchronized List<Role> rolesOf(String name) throws AuthError {
        List<Role> out = new ArrayList<>();
        for (String r : user(name).roles()) {
            out.add(role(r));
        }
        return out;
    }

    /** etcd's PUT of a user: create (with roles), change the password, grant or revoke roles. */
    public synchronized User putUser(String name, char[] password, List<String> newRoles, List<String> grant,
                                     List<String> revoke, boolean create) throws AuthError {
        Account a = users.get(name);
        if (create && !(newRoles.isEmpty() || grant.isEmpty() && revoke.isEmpty())) {
            throw new AuthError(400, "User JSON contains both roles and grant/revoke");
        }
        if (a != null && create) {
            throw new AuthError(409, "auth: User " + name + " already exists.");
        }
        if (a == null) {
            if (password == null || password.length == 0) {
                throw new AuthError(400, "auth: Cannot create user " + name + " with an empty password");
            }
            List<String> rs = new ArrayList<>(newRoles);
            rs.addAll(grant);
            if (name.equals(User.ROOT) && !rs.contains(Role.ROOT)) {
                rs.add(0, Role.ROOT);
            }
            users.put(name, account(password, rs));
            return new User(name, rs);
        }
        if (!grant.isEmpty() && !revoke.isEmpty()) {
            throw new AuthError(409, "auth: Cannot grant and revoke roles in one request");
        }
        List<String> rs = new ArrayList<>(a.roles);
        for (String g : grant) {
            if (rs.contains(g)) {
                throw new AuthError(409, "auth: Granting duplicate role " + g + " for user " + name);
            }
            rs.add(g);
        }
        for (String r : revoke) {
            if (!rs.remove(r)) {
                throw new AuthError(409, "auth: Revoking ungranted role " + r + " for user " + name);
            }
        }
        Account updated = password != null && password.length > 0 ? account(password, rs) : new Account(a.salt, a.hash, rs);
        users.put(name, updated);
        return new User(name, rs);
    }

    public synchronized void deleteUser(String name) throws AuthError {
        if (enabled && name.equals(User.ROOT)) {
            throw new AuthError(403, "auth: Cannot delete root user while auth is enabled.");
        }
        if (users.remove(name) == null) {
            throw new AuthError(404, "auth: User " + name + " does not exist");   // sic: no full stop (fixture 261)
        }
    }

    // ---- roles ------------------------------------------------------------------------------------

    public synchronized List<Role> roles() {
        List<Role> out = new ArrayList<>();
        out.add(ROOT);
        out.addAll(roles.values());
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    public synchronized Role role(String name) throws AuthError {
        if (name.equals(Role.ROOT)) {
            return ROOT;
        }
        Role r = roles.get(name);
        if (r == null) {
            throw new AuthError(404, "auth: Role " + name + " does not exist.");
        }
        return r;
    }

    /** etcd's PUT of a role: create it with permissions, or grant and revoke. */
    public synchronized Role putRole(String name, Permissions grant, Permissions revoke, boolean create) throws AuthError {
        if (name.equals(Role.ROOT)) {
            throw new AuthError(403, "auth: Cannot modify role root: is root role.");
        }
        Role r = roles.get(name);
        if (!create && r == null) {
            throw new AuthError(404, "auth: Role " + name + " does not exist.");
        }
        if (create) {
            if (r != null) {
                throw new AuthError(409, "auth: Role " + name + " already exists.");
            }
            Role made = new Role(name, grant);
            roles.put(name, made);
            return made;
        }
        List<String> read = new ArrayList<>(r.permissions().read());
        List<String> write = new ArrayList<>(r.permissions().write());
        for (String g : grant.read()) {
            if (read.contains(g)) {
                throw new AuthError(409, "auth: Granting duplicate read permission " + g);
            }
            read.add(g);
        }
        for (String g : grant.write()) {
            if (write.contains(g)) {
                throw new AuthError(409, "auth: Granting duplicate write permission " + g);
            }
            write.add(g);
        }
        boolean changed = !grant.read().isEmpty() || !grant.write().isEmpty();
        for (String g : revoke.read()) {
            changed |= read.remove(g);
        }
        for (String g : revoke.write()) {
            changed |= write.remove(g);
        }
        if (!changed) {
            throw new AuthError(400, "auth: Role not updated. Use grant/revoke to update the role.");
        }
        Role updated = new Role(name, new Permissions(read, write));
        roles.put(name, updated);
        return updated;
    }

    public synchronized void deleteRole(String name) throws AuthError {
        if (name.equals(Role.ROOT)) {
            throw new AuthError(403, "auth: Cannot modify role root: is root role.");
        }
        if (roles.remove(name) == null) {
            throw new AuthError(404, "auth: Role " + name + " doesn't exist.");
        }
    }

    // ---- access -----------------------------------------------------------------------------------

    /** Whether {@code user}/{@code password} are valid credentials. */
    public synchronized boolean check(String user, char[] password) {
        Account a = users.get(user);
        return a != null && MessageDigest.isEqual(a.hash, hash(a.salt, password));
    }

    /** {@code hasRootAccess}: auth off, or valid credentials of a user with the root role. */
    public boolean hasRootAccess(String user, char[] password) {
        if (!enabled) {
            return true;   // the common case, without the lock: every request of the fake asks
        }
        return rootAccess(user, password);
    }

    private synchronized boolean rootAccess(String user, char[] password) {
        return user != null && check(user, password) && users.get(user).roles.contains(Role.ROOT);
    }

    /**
     * {@code hasKeyPrefixAccess}: auth off; no credentials and the guest role allows it; or valid credentials
     * of root, or of a user one of whose roles allows it (a recursive request needs a {@code *} glob that
     * covers the key).
     */
    public boolean hasKeyAccess(String user, char[] password, String key, boolean recursive, boolean write) {
        if (!enabled) {
            return true;   // the common case, without the lock: every request of the fake asks
        }
        return keyAccess(user, password, key, recursive, write);
    }

    private synchronized boolean keyAccess(String user, char[] password, String key, boolean recursive, boolean write) {
        if (user == null) {
            Role guest = roles.get(Role.GUEST);
            return guest != null && matches(guest.permissions(), key, false, write);
        }
        if (!check(user, password)) {
            return false;
        }
        List<String> rs = users.get(user).roles;
        if (rs.contains(Role.ROOT)) {
            return true;
        }
        for (String name : rs) {
            Role r = roles.get(name);
            if (r != null && matches(r.permissions(), key, recursive, write)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Permissions p, String key, boolean recursive, boolean write) {
        for (String pattern : write ? p.write() : p.read()) {
            boolean star = pattern.endsWith("*");
            String prefix = star ? pattern.substring(0, pattern.length() - 1) : pattern;
            if (recursive ? star && key.startsWith(prefix) : star ? key.startsWith(prefix) : key.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    private static Account account(char[] password, List<String> roles) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new Account(salt, hash(salt, password), List.copyOf(roles));
    }

    private static byte[] hash(byte[] salt, char[] password) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(salt);
            java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            Arrays.fill(encoded.array(), (byte) 0);
            d.update(bytes);
            Arrays.fill(bytes, (byte) 0);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
