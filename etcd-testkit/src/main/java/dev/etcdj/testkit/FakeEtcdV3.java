package dev.etcdj.testkit;

import dev.etcdj.testkit.internal.v3.Session;
import dev.etcdj.testkit.internal.v3.V3Server;
import dev.etcdj.v3.Alarm;
import dev.etcdj.v3.EtcdV3;
import dev.etcdj.v3.Header;
import dev.etcdj.v3.Lease;
import dev.etcdj.v3.LeaseStatus;
import dev.etcdj.v3.Op;
import dev.etcdj.v3.OpResult;
import dev.etcdj.v3.spi.AdminCall;
import dev.etcdj.v3.spi.V3Adapter;
import dev.etcdj.v3.spi.WatchListener;
import dev.etcdj.v3.spi.WatchRequest;
import dev.etcdj.v3.spi.WatchStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An in-memory etcd v3 with the real server's semantics, for tests of code that uses
 * {@link EtcdV3}: one revision per write transaction, versions and create/mod revisions, tombstones,
 * reads at past revisions, compaction, ranges over byte-ordered keys, transactions whose reads see their
 * own writes, leases on an injectable clock whose expiry deletes their keys in one revision, and watches
 * from any revision kept (one from a compacted revision ends with the compaction). It answers with etcd's
 * errors (codes and messages) where etcd refuses. A change reaches the watches before the call that made
 * it returns, so a test need not wait for it.
 *
 * <p>It is one member, {@code fake}, of a cluster whose membership calls work as etcd's (members added
 * never start, so a learner is never promoted, and a voting member added leaves the cluster without a
 * quorum, as it would etcd). Maintenance answers with its status and a hash of its history;
 * {@link #raiseAlarm} makes it refuse writes as a full etcd does. Authentication is etcd's: users, roles,
 * key-range permissions, the {@code root} role, and tokens that expire after five minutes unused on the
 * fake's clock; {@link #client()} sends no token (right while authentication is off), and
 * {@link #client(String, char[])} authenticates as a user.
 *
 * <pre>{@code
 * FakeEtcdV3 fake = FakeEtcdV3.create();
 * EtcdV3 admin = fake.client();
 * admin.auth().addUser("root", rootPassword);
 * admin.auth().grantRole("root", "root");
 * admin.auth().enable();
 * EtcdV3 root = fake.client("root", rootPassword);   // from now on every call needs a user
 * }</pre>
 *
 * <pre>{@code
 * try (EtcdV3 etcd = FakeEtcdV3.create().client()) {
 *     etcd.put("/config/db", "postgres://db");
 * }
 * }</pre>
 *
 * <p>With a {@link ManualClock}, leases expire exactly when the test advances it, on the next call.
 * Every call is served under one lock, so the fake is linearizable. Thread-safe. The header names cluster
 * {@code 0xfa4e0000e7cd0001} and member {@code 0xfa4e0000e7cd0002}, raft term 2.
 */
public final class FakeEtcdV3 implements V3Adapter {
    /** The cluster id every answer carries. */
    public static final long CLUSTER_ID = 0xfa4e_0000_e7cd_0001L;
    /** The member id every answer carries. */
    public static final long MEMBER_ID = 0xfa4e_0000_e7cd_0002L;

    private final V3Server server;

    private FakeEtcdV3(Clock clock) {
        this.server = new V3Server(clock, CLUSTER_ID, MEMBER_ID);
    }

    /** {@return a fresh fake at revision 1, its leases on the system clock} */
    public static FakeEtcdV3 create() {
        return create(Clock.systemUTC());
    }

    /**
     * {@return a fresh fake at revision 1, its leases and auth tokens on {@code clock}}
     *
     * @param clock the clock leases and tokens expire by, such as a {@link ManualClock}
     */
    public static FakeEtcdV3 create(Clock clock) {
        return new FakeEtcdV3(Objects.requireNonNull(clock, "clock == null"));
    }

    /** {@return a client of this fake that sends no auth token; closing the client closes the fake} */
    public EtcdV3 client() {
        return EtcdV3.of(this);
    }

    /**
     * {@return a client of this fake that authenticates as {@code user} (once authentication is on);
     * closing it leaves the fake open}
     *
     * @param user the user
     * @param password its password; the array is copied
     */
    public EtcdV3 client(String user, char[] password) {
        Objects.requireNonNull(user, "user == null");
        Objects.requireNonNull(password, "password == null");
        return EtcdV3.of(new Session(server, user, password));
    }

    /** The fake's core, for {@link FakeEtcdV3Server}. */
    V3Server server() {
        return server;
    }

    /** {@return the store's current revision} */
    public long revision() {
        return server.revision();
    }

    /**
     * Ends every watch stream as a lost connection would, so that a test can check that the code under
     * test resumes: each {@link dev.etcdj.v3.Watch} opens a new stream from the revision after its last
     * change, and loses or repeats nothing.
     *
     * @return how many streams were dropped
     */
    public int dropWatchStreams() {
        return server.dropWatchStreams();
    }

    /**
     * Raises an alarm on the fake, as etcd does when its backend reaches its quota: with
     * {@link Alarm.Type#NOSPACE} puts, writing transactions and lease grants fail with etcd's
     * "database space exceeded" ({@code RESOURCE_EXHAUSTED}) until the alarm is disarmed
     * ({@code etcd.maintenance().disarm(...)}).
     *
     * @param type the alarm
     */
    public void raiseAlarm(Alarm.Type type) {
        server.raise(Objects.requireNonNull(type, "type == null"));
    }

    private static String what(Op op) {
        return op.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " at the fake";
    }

    @Override
    public OpResult execute(Op op, Duration timeout) {
        Objects.requireNonNull(op, "op == null");
        return server.execute(null, op, what(op));
    }

    @Override
    public Header compact(long revision, boolean physical, Duration timeout) {
        return server.compact(null, revision, "compact " + revision + " at the fake");
    }

    @Override
    public Lease grantLease(long ttlSeconds, long id, Duration timeout) {
        return server.grant(ttlSeconds, id, "grant lease at the fake");
    }

    @Override
    public Header revokeLease(long id, Duration timeout) {
        return server.revoke(null, id, "revoke lease " + id + " at the fake");
    }

    @Override
    public Lease keepAliveOnce(long id, Duration timeout) {
        return server.keepAlive(id, "keep lease " + id + " alive at the fake");
    }

    @Override
    public LeaseStatus timeToLive(long id, boolean keys, Duration timeout) {
        return server.timeToLive(id, keys, "time to live of lease " + id + " at the fake");
    }

    @Override
    public List<Long> leases(Duration timeout) {
        return server.leases("list leases at the fake");
    }

    @Override
    public WatchStream watch(WatchRequest request, WatchListener listener, Duration timeout) {
        Objects.requireNonNull(request, "request == null");
        Objects.requireNonNull(listener, "listener == null");
        return server.watch(null, request, listener, request + " at the fake");
    }

    @Override
    public <R> R admin(AdminCall<R> call, Duration timeout) {
        Objects.requireNonNull(call, "call == null");
        return server.admin(null, call, call + " at the fake");
    }

    /** Refuses further calls with {@link dev.etcdj.api.EtcdClosedException}, and ends the watches so. Idempotent. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "FakeEtcdV3[" + server + "]";
    }
}
