package dev.etcdj.testkit.internal.v3;

import dev.etcdj.api.EtcdClosedException;
import dev.etcdj.v3.Alarm;
import dev.etcdj.v3.ByteSequence;
import dev.etcdj.v3.Compare;
import dev.etcdj.v3.EtcdV3ServerException;
import dev.etcdj.v3.GrpcCode;
import dev.etcdj.v3.Header;
import dev.etcdj.v3.KvHash;
import dev.etcdj.v3.Lease;
import dev.etcdj.v3.LeaseStatus;
import dev.etcdj.v3.MemberStatus;
import dev.etcdj.v3.Op;
import dev.etcdj.v3.OpResult;
import dev.etcdj.v3.spi.AdminCall;
import dev.etcdj.v3.spi.WatchListener;
import dev.etcdj.v3.spi.WatchRequest;
import dev.etcdj.v3.spi.WatchStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The fake etcd v3 member ({@code server/etcdserver/v3_server.go} and its auth and quota appliers): every
 * call under one lock, in the order etcd takes them: the caller's token, the quorum, the caller's
 * permissions, the space quota, then the {@link Applier}; after each call the watches get what it changed.
 * A {@code token} of null is a caller that sent none (right while authentication is off).
 */
public final class V3Server {
    /** The version the fake reports, the etcd it is checked against. */
    public static final String VERSION = "3.5.16";

    private final Applier applier;
    private final Watchers watchers;
    private final Membership members;
    private final AuthStore auth;
    private final long memberId;
    private long raftIndex = 4;
    private volatile boolean closed;

    /**
     * @param clock the clock leases and tokens go by
     * @param clusterId the cluster id of every header
     * @param memberId the fake's member id
     */
    public V3Server(Clock clock, long clusterId, long memberId) {
        this.applier = new Applier(clock, clusterId, memberId);
        this.watchers = new Watchers(applier, this);
        this.members = new Membership(memberId, "fake", URI.create("http://127.0.0.1:2380"), List.of());
        this.auth = new AuthStore(clock, Duration.ofMinutes(5));
        this.memberId = memberId;
    }

    /** Runs one call; the watches get what it changed, whether it answered or failed. The caller holds the lock. */
    private <T> T served(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } finally {
            watchers.deliver();
        }
    }

    private void open(String what) {
        if (closed) {
            throw new EtcdClosedException(what + ": the fake is closed");
        }
    }

    /** The checks before a call that needs the cluster's quorum; returns the caller's user (null: auth off). */
    private String admit(String token, String what) {
        open(what);
        String user = auth.userOf(token, what);
        quorum(what);
        return user;
    }

    private void quorum(String what) {
        if (!members.hasQuorum()) {
            throw Refusal.of(what, GrpcCode.UNAVAILABLE, "etcdserver: request timed out");
        }
    }

    private void noSpace(String what) {
        if (members.noSpace()) {
            throw Refusal.of(what, GrpcCode.RESOURCE_EXHAUSTED, "etcdserver: mvcc: database space exceeded");
        }
    }

    /** {@return the answer to {@code op}} */
    public synchronized OpResult execute(String token, Op op, String what) {
        return served(() -> {
            String user = admit(token, what);
            permit(user, op, what);
            if (addsData(op)) {
                noSpace(what);
                raftIndex++;
            }
            return applier.execute(op, what);
        });
    }

    /** {@return whether {@code op} puts (what a full store refuses; a delete frees space)} */
    private static boolean addsData(Op op) {
        if (op instanceof Op.Put) {
            return true;
        }
        if (op instanceof Op.Txn t) {
            return t.success().stream().anyMatch(V3Server::addsData) || t.failure().stream().anyMatch(V3Server::addsData);
        }
        return false;
    }

    /** etcd's {@code checkTxnReqsPermission}: every key a request (both branches of a txn) reads or writes. */
    private void permit(String user, Op op, String what) {
        if (auth.isRoot(user)) {
            return;
        }
        if (op instanceof Op.Get g) {
            auth.check(user, g.key(), g.rangeEnd(), false, what);
        } else if (op instanceof Op.Put p) {
            auth.check(user, p.key(), ByteSequence.EMPTY, true, what);
            if (p.prevKv()) {
                auth.check(user, p.key(), ByteSequence.EMPTY, false, what);
            }
        } else if (op instanceof Op.Delete d) {
            auth.check(user, d.key(), d.rangeEnd(), true, what);
            if (d.prevKv()) {
                auth.check(user, d.key(), d.rangeEnd(), false, what);
            }
        } else if (op instanceof Op.Txn t) {
            for (Compare c : t.compares()) {
                auth.check(user, c.key(), ByteSequence.EMPTY, false, what);
            }
            for (Op inner : t.success()) {
                permit(user, inner, what);
            }
            for (Op inner : t.failure()) {
                permit(user, inner, what);
            }
        }
    }

    /** {@return the compaction's header} */
    public synchronized Header compact(String token, long revision, String what) {
        return served(() -> {
            admit(token, what);
            raftIndex++;
            return applier.compact(revision, what);
        });
    }

    /** {@return the lease granted}; etcd grants leases to any caller, authenticated or not */
    public synchronized Lease grant(long ttl, long id, String what) {
        return served(() -> {
            open(what);
            quorum(what);
            noSpace(what);
            raftIndex++;
            return applier.grant(ttl, id, what);
        });
    }

    /** {@return the header} after revoking; needs write permission on every key attached */
    public synchronized Header revoke(String token, long id, String what) {
        return served(() -> {
            String user = admit(token, what);
            if (!auth.isRoot(user)) {
                for (ByteSequence key : applier.leaseKeys(id)) {
                    auth.check(user, key, ByteSequence.EMPTY, true, what);
                }
            }
            raftIndex++;
            return applier.revoke(id, what);
        });
    }

    /** {@return the lease renewed} */
    public synchronized Lease keepAlive(long id, String what) {
        return served(() -> {
            open(what);
            quorum(what);
            return applier.keepAlive(id, what);
        });
    }

    /** {@return the lease's status} */
    public synchronized LeaseStatus timeToLive(long id, boolean keys, String what) {
        return served(() -> {
            open(what);
            return applier.timeToLive(id, keys, what);
        });
    }

    /** {@return the live leases} */
    public synchronized List<Long> leases(String what) {
        return served(() -> {
            open(what);
            return applier.leases();
        });
    }

    /** {@return a new watch}; needs read permission on its range */
    public synchronized WatchStream watch(String token, WatchRequest request, WatchListener listener, String what) {
        String user = admit(token, what);
        if (!auth.isRoot(user)) {
            auth.check(user, request.key(), request.rangeEnd(), false, what);
        }
        applier.expireLeases();
        watchers.deliver();
        return watchers.watch(request, listener);
    }

    /** {@return a token for {@code name}} */
    public synchronized String authenticate(String name, char[] password, String what) {
        open(what);
        return auth.authenticate(name, password, what);
    }

    /** {@return the answer to a cluster, maintenance or auth call} */
    @SuppressWarnings("unchecked")
    public synchronized <R> R admin(String token, AdminCall<R> call, String what) {
        open(what);
        return served(() -> (R) adminCall(token, call, what));
    }

    private Object adminCall(String token, AdminCall<?> call, String what) {
        if (call instanceof AdminCall.MemberList) {
            return members.list();
        } else if (call instanceof AdminCall.Status) {
            return new MemberStatus(applier.header(), VERSION, 20480 + applier.approximateBytes(), 16384 + applier.approximateBytes(),
                    members.hasQuorum() ? memberId : 0, raftIndex, 2, raftIndex, members.errors(), false);
        } else if (call instanceof AdminCall.Alarms) {
            return members.alarms();
        }
        if (call instanceof AdminCall.Defragment || call instanceof AdminCall.HashKv) {
            String user;
            try {
                user = auth.userOf(token, what);
            } catch (EtcdV3ServerException e) {   // the maintenance service words it its own way
                throw Refusal.of(what, GrpcCode.UNKNOWN, e.serverMessage().replace("etcdserver: ", "auth: "));
            }
            auth.requireRoot(user, what, GrpcCode.UNKNOWN, "auth: ");
            if (call instanceof AdminCall.Defragment) {
                return applier.header();
            }
            AdminCall.HashKv h = (AdminCall.HashKv) call;
            return new KvHash(applier.hash(h.revision(), what), applier.compacted() == 0 ? -1 : applier.compacted(),
                    h.revision() == 0 ? applier.revision() : h.revision());
        }
        if (call instanceof AdminCall.AuthEnable && !auth.enabled()) {
            quorum(what);
            raftIndex++;
            auth.apply(call, null, what);
            return applier.header();
        }
        String user = admit(token, what);
        raftIndex++;
        if (call instanceof AdminCall.MemberAdd || call instanceof AdminCall.MemberRemove || call instanceof AdminCall.MemberUpdate
                || call instanceof AdminCall.MemberPromote || call instanceof AdminCall.DisarmAlarm) {
            auth.requireRoot(user, what, GrpcCode.PERMISSION_DENIED, "etcdserver: ");
            if (call instanceof AdminCall.MemberAdd a) {
                return members.add(a.peerUrls(), a.learner(), what);
            } else if (call instanceof AdminCall.MemberRemove r) {
                return members.remove(r.id(), what);
            } else if (call instanceof AdminCall.MemberUpdate u) {
                return members.update(u.id(), u.peerUrls(), what);
            } else if (call instanceof AdminCall.MemberPromote p) {
                return members.promote(p.id(), what);
            }
            return members.disarm(((AdminCall.DisarmAlarm) call).alarm());
        }
        Object r = auth.apply(call, user, what);
        return r != null ? r : applier.header();
    }

    /** {@return the header of an answer now} */
    public synchronized Header header() {
        return applier.header();
    }

    /** {@return the store's current revision} */
    public synchronized long revision() {
        applier.expireLeases();
        watchers.deliver();
        return applier.revision();
    }

    /** {@return how many watch streams were dropped} as a lost connection would */
    public synchronized int dropWatchStreams() {
        int n = watchers.count();
        watchers.dropAll();
        return n;
    }

    /** Raises an alarm on the fake. */
    public synchronized void raise(Alarm.Type type) {
        members.raise(type);
    }

    /** Refuses further calls, and ends the watches with {@link EtcdClosedException}. */
    public void close() {
        closed = true;
        synchronized (this) {
            watchers.closeAll(new EtcdClosedException("the fake is closed"));
        }
    }

    /** {@return whether it was closed} */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized String toString() {
        return "revision=" + applier.revision() + (closed ? ", closed" : "");
    }
}
