package dev.etcdj.testkit.internal.v3;

import dev.etcdj.v3.AuthStatus;
import dev.etcdj.v3.ByteSequence;
import dev.etcdj.v3.EtcdV3ServerException;
import dev.etcdj.v3.GrpcCode;
import dev.etcdj.v3.Permission;
import dev.etcdj.v3.spi.AdminCall;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * etcd's v3 auth store ({@code server/auth/store.go}, {@code simple_token.go}, {@code range_perm_cache.go}):
 * users with salted password hashes and roles, roles with key-range permissions, the {@code root} user and
 * role, simple tokens that expire after {@code ttl} without use on the fake's clock, and the checks etcd
 * makes: a range is allowed when the union of the user's permitted ranges covers it; {@code root} may do
 * anything. Messages and codes are etcd 3.5's. Not thread-safe.
 */
public final class AuthStore {
    /** The role that may do anything, granted without being created. */
    public static final String ROOT = "root";

    private static final SecureRandom RANDOM = new SecureRandom();

    private record User(byte[] salt, byte[] hash, TreeSet<String> roles) {
    }

    private record Token(String user, Instant expires) {
    }

    private final Clock clock;
    private final Duration ttl;
    private final TreeMap<String, User> users = new TreeMap<>();
    private final TreeMap<String, List<Permission>> roles = new TreeMap<>();
    private final Map<String, Token> tokens = new HashMap<>();
    private boolean enabled;
    private long revision = 1;
    private long tokenIndex;

    /**
     * @param clock the clock tokens expire by
     * @param ttl how long a token lives without use ({@code --auth-token-ttl})
     */
    public AuthStore(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    /** {@return whether authentication is on} */
    public boolean enabled() {
        return enabled;
    }

    /**
     * {@return the user a call comes from, or null when authentication is off}
     *
     * @param token the token sent, or null
     * @param what the call, for messages
     * @throws EtcdV3ServerException "user name is empty" without a token, "invalid auth token" for an
     *     unknown or expired one
     */
    public String userOf(String token, String what) {
        if (!enabled) {
            return null;
        }
        if (token == null) {
            throw Refusal.of(what, GrpcCode.INVALID_ARGUMENT, "etcdserver: user name is empty");
        }
        Token t = tokens.get(token);
        Instant now = clock.instant();
        if (t == null || !now.isBefore(t.expires()) || !users.containsKey(t.user())) {
            tokens.remove(token);
            throw Refusal.of(what, GrpcCode.UNAUTHENTICATED, "etcdserver: invalid auth token");
        }
        tokens.put(token, new Token(t.user(), now.plus(ttl)));   // a token lives on while it is used
        return t.user();
    }

    /** {@return whether {@code user} (null: authentication off) may do anything} */
    public boolean isRoot(String user) {
        return user == null || users.containsKey(user) && users.get(user).roles().contains(ROOT);
    }

    /** Refuses a call that needs the root role, with {@code code} (etcd's differ by service). */
    public void requireRoot(String user, String what, GrpcCode code, String prefix) {
        if (!isRoot(user)) {
            throw Refusal.of(what, code, prefix + "permission denied");
        }
    }

    /**
     * Refuses a read or write of {@code [key, end)} that {@code user}'s roles do not cover.
     *
     * @param user the user, or null when authentication is off
     * @param key the key
     * @param end the range's end, empty for the key alone, {@code \0} for every key from it
     * @param write a write (else a read)
     * @param what the call, for messages
     */
    public void check(String user, ByteSequence key, ByteSequence end, boolean write, String what) {
        if (isRoot(user)) {
            return;
        }
        List<ByteSequence[]> allowed = new ArrayList<>();
        for (String role : users.get(user).roles()) {
            for (Permission p : roles.getOrDefault(role, List.of())) {
                boolean fits = write ? p.type() != Permission.Type.READ : p.type() != Permission.Type.WRITE;
                if (fits) {
                    allowed.add(new ByteSequence[] {p.key(), p.rangeEnd().isEmpty() ? p.key().concat(ByteSequence.ZERO) : p.rangeEnd()});
                }
            }
        }
        ByteSequence to = end.isEmpty() ? key.concat(ByteSequence.ZERO) : end;
        if (!covers(allowed, key, to)) {
            throw Refusal.of(what, GrpcCode.PERMISSION_DENIED, "etcdserver: permission denied");
        }
    }

    /** Whether the union of {@code ranges} ({@code \0} as an end: unbounded) covers {@code [from, to)}. */
    private static boolean covers(List<ByteSequence[]> ranges, ByteSequence from, ByteSequence to) {
        ranges.sort((a, b) -> a[0].compareTo(b[0]));
        ByteSequence reached = from;
        for (ByteSequence[] r : ranges) {
            if (r[0].compareTo(reached) > 0) {
                break;
            }
            if (r[1].equals(ByteSequence.ZERO)) {
                return true;
            }
            if (r[1].compareTo(reached) > 0) {
                reached = r[1];
            }
            if (!to.equals(ByteSequence.ZERO) && reached.compareTo(to) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** {@return a new token for {@code name}} when the password is right */
    public String authenticate(String name, char[] password, String what) {
        if (!enabled) {
            throw Refusal.of(what, GrpcCode.FAILED_PRECONDITION, "etcdserver: authentication is not enabled");
        }
        User u = users.get(name);
        if (u == null || u.hash() == null || !MessageDigest.isEqual(u.hash(), hash(u.salt(), password))) {
            throw Refusal.of(what, GrpcCode.INVALID_ARGUMENT, "etcdserver: authentication failed, invalid user ID or password");
        }
        byte[] r = new byte[12];
        RANDOM.nextBytes(r);
        String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(r) + "." + ++tokenIndex;
        tokens.put(token, new Token(name, clock.instant().plus(ttl)));
        return token;
    }

    private static byte[] hash(byte[] salt, char[] password) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(salt);
            ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            byte[] out = d.digest(bytes);
            Arrays.fill(bytes, (byte) 0);
            return out;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * {@return the answer to an auth call} for {@code user} (null: authentication off), who needs the root
     * role once authentication is on
     */
    public Object apply(AdminCall<?> call, String user, String what) {
        if (enabled && !(call instanceof AdminCall.AuthEnable)) {
            requireRoot(user, what, GrpcCode.PERMISSION_DENIED, "etcdserver: ");
        }
        if (call instanceof AdminCall.AuthEnable) {
            User root = users.get(ROOT);
            if (root == null) {
                throw Refusal.of(what, GrpcCode.FAILED_PRECONDITION, "etcdserver: root user does not exist");
            }
            if (!root.roles().contains(ROOT)) {
                throw Refusal.of(what, GrpcCode.FAILED_PRECONDITION, "etcdserver: root user does not have root role");
            }
            if (!enabled) {
                enabled = true;
                revision++;
            }
            return null;
        } else if (call instanceof AdminCall.AuthDisable) {
            enabled = false;
            tokens.clear();
            revision++;
            return null;
        } else if (call instanceof AdminCall.AuthStatusCall) {
            return new AuthStatus(enabled, revision);
        } else if (call instanceof AdminCall.UserList) {
            return List.copyOf(users.keySet());
        } else if (call instanceof AdminCall.RoleList) {
            return List.copyOf(roles.keySet());
        } else if (call instanceof AdminCall.UserAdd a) {
            if (users.containsKey(a.name())) {
                throw Refusal.of(what, GrpcCode.FAILED_PRECONDITION, "etcdserver: user name already exists");
            }
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            users.put(a.name(), new User(salt, a.password() == null ? null : hash(salt, a.password()), new TreeSet<>()));
        } else if (call instanceof AdminCall.UserGet g) {
            return List.copyOf(user(g.name(), what).roles());
        } else if (call instanceof AdminCall.UserDelete d) {
            user(d.name(), what);
            if (enabled && d.name().equals(ROOT)) {
                throw Refusal.of(what, GrpcCode.FAILED_PRECONDITION, "etcdserver: invalid auth management");
            }
            users.remove(d.name());
            tokens.values().removeIf(t -> t.user().equals(d.name()));
        } else if (call instanceof AdminCall.UserChangePassword c) {
            User u = user(c.name(), what);
            users.put(c.name(), new User(u.salt(), hash(u.salt(), c.password()), u.roles()));
        } else if (call instanceof AdminCall.UserGrantRole g) {
            User u = user(g.user(), what);
            if (!g.role().equals(ROOT)) {
                role(g.role(), what);
            }
            u.roles().add(g.role());
        } else if (call instanceof AdminCall.UserRevokeRole r) {
            User u = user(r.user(), what);
            if (enabled && r.user().equals(ROOT) && r.role().equals(ROOT)) {
                throw Refusal.of(what, GrpcCode.FAILED_PRECONDITION, "etcdserver: invalid auth management");
            }
            if (!u.roles().remove(r.role())) {
                throw Refusal.of(what, GrpcCode.FAILED_PRECONDITION, "etcdserver: role is not granted to the user");
            }
        } else if (call instanceof AdminCall.RoleAdd a) {
            if (roles.containsKey(a.name())) {
                throw Refusal.of(what, GrpcCode.FAILED_PRECONDITION, "etcdserver: role name already exists");
            }
            roles.put(a.name(), new ArrayList<>());
        } else if (call instanceof AdminCall.RoleGet g) {
            return List.copyOf(role(g.name(), what));
        } else if (call instanceof AdminCall.RoleDelete d) {
            role(d.name(), what);
            roles.remove(d.name());
            for (User u : users.values()) {
                u.roles().remove(d.name());
            }
        } else if (call instanceof AdminCall.RoleGrantPermission g) {
            List<Permission> perms = role(g.role(), what);
            Permission p = g.permission();
            perms.removeIf(q -> q.key().equals(p.key()) && q.rangeEnd().equals(p.rangeEnd()));
            perms.add(p);
            perms.sort((a, b) -> a.key().compareTo(b.key()));
        } else if (call instanceof AdminCall.RoleRevokePermission r) {
            if (!role(r.role(), what).removeIf(q -> q.key().equals(r.key()) && q.rangeEnd().equals(r.rangeEnd()))) {
                throw Refusal.of(what, GrpcCode.FAILED_PRECONDITION, "etcdserver: permission is not granted to the role");
            }
        }
        revision++;
        return null;
    }

    private User user(String name, String what) {
        User u = users.get(name);
        if (u == null) {
            throw Refusal.of(what, GrpcCode.FAILED_PRECONDITION, "etcdserver: user name not found");
        }
        return u;
    }

    private List<Permission> role(String name, String what) {
        List<Permission> r = roles.get(name);
        if (r == null) {
            throw Refusal.of(what, GrpcCode.FAILED_PRECONDITION, "etcdserver: role name not found");
        }
        return r;
    }
}
