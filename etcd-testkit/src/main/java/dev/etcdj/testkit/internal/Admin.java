package dev.etcdj.testkit.internal;

import dev.etcdj.api.admin.LeaderStats;
import dev.etcdj.api.admin.Member;
import dev.etcdj.api.admin.SelfStats;
import dev.etcdj.api.admin.ServerVersion;
import dev.etcdj.api.admin.StoreStats;
import dev.etcdj.api.spi.AdminCall;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The fake's cluster, stats and auth calls, one implementation for the in-memory adapter and the HTTP
 * server: it applies an {@link AdminCall} for a caller (credentials or none) with etcd's access rules
 * ({@code hasRootAccess} for the auth API and for changing members, none for reads of members, stats,
 * version and health) and returns the typed result. Thread-safe.
 */
public final class Admin {
    /** The version the fake reports, as etcd 3.4.23. */
    public static final ServerVersion VERSION = new ServerVersion("3.4.23", "3.4.0");
    /** The store counters etcd reports, in its order. */
    public static final List<String> COUNTERS = List.of("getsSuccess", "getsFail", "setsSuccess", "setsFail",
            "deleteSuccess", "deleteFail", "updateSuccess", "updateFail", "createSuccess", "createFail",
            "compareAndSwapSuccess", "compareAndSwapFail", "compareAndDeleteSuccess", "compareAndDeleteFail",
            "expireCount", "watchers");

    private final Members members;
    private final AuthStore auth;
    private final Instant started;
    private final Supplier<Instant> clock;
    private final Supplier<Integer> watchers;

    /**
     * Moves the store's index by the writes etcd makes in its internal v2 namespace for an admin change (its
     * auth data under {@code /2}, its membership under {@code /0}): they are invisible, but X-Etcd-Index moves.
     */
    private final java.util.function.LongConsumer internalWrites;
    private boolean authNamespace;

    public Admin(Members members, AuthStore auth, Supplier<Instant> clock, Supplier<Integer> watchers,
                 java.util.function.LongConsumer internalWrites) {
        this.internalWrites = internalWrites;
        this.members = members;
        this.auth = auth;
        this.clock = clock;
        this.started = clock.get();
        this.watchers = watchers;
    }

    public Members members() {
        return members;
    }

    public AuthStore auth() {
        return auth;
    }

    public Instant started() {
        return started;
    }

    /** Applies {@code call} for a caller with these credentials ({@code user} null for none). */
    @SuppressWarnings("unchecked")
    public <T> T apply(AdminCall<T> call, String user, char[] password) throws AuthStore.AuthError {
        return (T) dispatch(call, user, password);
    }

    private synchronized Object dispatch(AdminCall<?> call, String user, char[] password) throws AuthStore.AuthError {
        boolean createsGuest = call instanceof AdminCall.SetAuth s && s.enable() && !hasRole("guest");
        Object result = change(call, user, password);
        if (call instanceof AdminCall.Change<?>) {
            internalWrites.accept(internalWrites(call, createsGuest));
        }
        return result;
    }

    /**
     * How many internal writes a successful change made: one record each (a member's raft attributes, a
     * user, a role, the enabled flag), enabling auth also writes the guest role when there is none, and the
     * first auth write creates etcd's auth directories and flag ({@code /2}, {@code /2/users},
     * {@code /2/roles}, {@code /2/enabled}) first: 4 more (as recorded by fixtures 208-210 and 215-221).
     */
    private long internalWrites(AdminCall<?> call, boolean createdGuest) {
        if (call instanceof AdminCall.AddMember || call instanceof AdminCall.UpdateMember || call instanceof AdminCall.RemoveMember) {
            return 1;
        }
        long n = 1;
        if (!authNamespace) {
            authNamespace = true;
            n += 4;
        }
        if (createdGuest) {
            n++;
        }
        return n;
    }

    private Object change(AdminCall<?> call, String user, char[] password) throws AuthStore.AuthError {
        if (call instanceof AdminCall.Machines) {
            return members.list().stream().flatMap(m -> m.clientUrls().stream()).toList();
        }
        if (call instanceof AdminCall.Members) {
            return members.list();
        }
        if (call instanceof AdminCall.Leader) {
            return members.leader();
        }
        if (call instanceof AdminCall.Self) {
            Member self = members.self();
            Instant now = clock.get();
            return new SelfStats(self.name(), self.id(), "StateLeader", started,
                    java.util.Optional.of(new SelfStats.LeaderInfo(self.id(), Duration.between(started, now), started)), 0, 0);
        }
        if (call instanceof AdminCall.LeaderStatistics) {
            return new LeaderStats(members.self().id(), Map.of());
        }
        if (call instanceof AdminCall.Store) {
            Map<String, Long> counters = new LinkedHashMap<>();
            for (String c : COUNTERS) {
                counters.put(c, 0L);
            }
            counters.put("watchers", (long) watchers.get());
            return new StoreStats(counters);
        }
        if (call instanceof AdminCall.Version) {
            return VERSION;
        }
        if (call instanceof AdminCall.Health) {
            return Boolean.TRUE;
        }
        if (call instanceof AdminCall.AuthStatus) {
            return auth.enabled();
        }
        if (call instanceof AdminCall.AddMember || call instanceof AdminCall.UpdateMember
                || call instanceof AdminCall.RemoveMember) {
            requireRoot(user, password);
            if (call instanceof AdminCall.AddMember a) {
                if (!members.readyToAddVotingMember()) {   // etcd's strict reconfig check: a generic 500
                    throw new AuthStore.AuthError(500, "Internal Server Error");
                }
                return members.add(a.peerUrls(), clock.get());
            }
            if (call instanceof AdminCall.UpdateMember u) {
                members.update(u.id(), u.peerUrls());
            } else {
                members.remove(((AdminCall.RemoveMember) call).id(), clock.get());
            }
            return null;
        }
        requireRoot(user, password);   // the whole auth API (but its status) needs root
        if (call instanceof AdminCall.SetAuth s) {
            if (s.enable()) {
                auth.enable();
            } else {
                auth.disable();
            }
            return null;
        }
        if (call instanceof AdminCall.Users) {
            return auth.users();
        }
        if (call instanceof AdminCall.GetUser g) {
            auth.rolesOf(g.name());   // etcd resolves the roles, and fails on one that does not exist
            return auth.user(g.name());
        }
        if (call instanceof AdminCall.PutUser p) {
            return auth.putUser(p.name(), p.password(), p.roles(), p.grant(), p.revoke(), p.create());
        }
        if (call instanceof AdminCall.DeleteUser d) {
            auth.deleteUser(d.name());
            return null;
        }
        if (call instanceof AdminCall.Roles) {
            return auth.roles();
        }
        if (call instanceof AdminCall.GetRole g) {
            return auth.role(g.name());
        }
        if (call instanceof AdminCall.PutRole p) {
            return auth.putRole(p.name(), p.grant(), p.revoke(), p.create());
        }
        auth.deleteRole(((AdminCall.DeleteRole) call).name());
        return null;
    }

    /** A member started and published its name and client URLs: one internal write, as etcd's publish. */
    public synchronized void publish(String id, String name, List<URI> clientUrls) {
        members.publish(id, name, clientUrls, clock.get());
        internalWrites.accept(1);
    }

    private boolean hasRole(String name) {
        try {
            auth.role(name);
            return true;
        } catch (AuthStore.AuthError e) {
            return false;
        }
    }

    private void requireRoot(String user, char[] password) throws AuthStore.AuthError {
        if (!auth.hasRootAccess(user, password)) {
            throw new AuthStore.AuthError(401, "Insufficient credentials");
        }
    }

    /** The URLs of {@code peer}, for the builder. */
    public static List<URI> urls(String... urls) {
        return java.util.Arrays.stream(urls).map(URI::create).toList();
    }
}
