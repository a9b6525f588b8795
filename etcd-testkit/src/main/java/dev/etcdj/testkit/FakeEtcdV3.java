package dev.etcdj.testkit;

import dev.etcdj.api.EtcdClosedException;
import dev.etcdj.testkit.internal.v3.Applier;
import dev.etcdj.testkit.internal.v3.Watchers;
import dev.etcdj.v3.EtcdV3;
import dev.etcdj.v3.Header;
import dev.etcdj.v3.Lease;
import dev.etcdj.v3.LeaseStatus;
import dev.etcdj.v3.Op;
import dev.etcdj.v3.OpResult;
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

    private final Applier applier;
    private final Watchers watchers;
    private volatile boolean closed;

    private FakeEtcdV3(Clock clock) {
        this.applier = new Applier(clock, CLUSTER_ID, MEMBER_ID);
        this.watchers = new Watchers(applier, this);
    }

    /** {@return a fresh fake at revision 1, its leases on the system clock} */
    public static FakeEtcdV3 create() {
        return create(Clock.systemUTC());
    }

    /**
     * {@return a fresh fake at revision 1, its leases on {@code clock}}
     *
     * @param clock the clock leases expire by, such as a {@link ManualClock}
     */
    public static FakeEtcdV3 create(Clock clock) {
        return new FakeEtcdV3(Objects.requireNonNull(clock, "clock == null"));
    }

    /** {@return a client of this fake; closing the client closes the fake} */
    public EtcdV3 client() {
        return EtcdV3.of(this);
    }

    /** {@return the store's current revision} */
    public synchronized long revision() {
        applier.expireLeases();
        watchers.deliver();
        return applier.revision();
    }

    /**
     * Ends every watch stream as a lost connection would, so that a test can check that the code under
     * test resumes: each {@link dev.etcdj.v3.Watch} opens a new stream from the revision after its last
     * change, and loses or repeats nothing.
     *
     * @return how many streams were dropped
     */
    public synchronized int dropWatchStreams() {
        int n = watchers.count();
        watchers.dropAll();
        return n;
    }

    private void open(String what) {
        if (closed) {
            throw new EtcdClosedException(what + ": the fake is closed");
        }
    }

    private static String what(Op op) {
        return op.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " at the fake";
    }

    @Override
    public synchronized OpResult execute(Op op, Duration timeout) {
        try {
            Objects.requireNonNull(op, "op == null");
            open(what(op));
            return applier.execute(op, what(op));
        } finally {
            watchers.deliver();
        }
    }

    @Override
    public synchronized Header compact(long revision, boolean physical, Duration timeout) {
        try {
            open("compact");
            return applier.compact(revision, "compact " + revision + " at the fake");
        } finally {
            watchers.deliver();
        }
    }

    @Override
    public synchronized Lease grantLease(long ttlSeconds, long id, Duration timeout) {
        try {
            open("grant");
            return applier.grant(ttlSeconds, id, "grant lease at the fake");
        } finally {
            watchers.deliver();
        }
    }

    @Override
    public synchronized Header revokeLease(long id, Duration timeout) {
        try {
            open("revoke");
            return applier.revoke(id, "revoke lease " + id + " at the fake");
        } finally {
            watchers.deliver();
        }
    }

    @Override
    public synchronized Lease keepAliveOnce(long id, Duration timeout) {
        try {
            open("keepalive");
            return applier.keepAlive(id, "keep lease " + id + " alive at the fake");
        } finally {
            watchers.deliver();
        }
    }

    @Override
    public synchronized LeaseStatus timeToLive(long id, boolean keys, Duration timeout) {
        try {
            open("timetolive");
            return applier.timeToLive(id, keys, "time to live of lease " + id + " at the fake");
        } finally {
            watchers.deliver();
        }
    }

    @Override
    public synchronized List<Long> leases(Duration timeout) {
        try {
            open("leases");
            return applier.leases();
        } finally {
            watchers.deliver();
        }
    }

    @Override
    public synchronized WatchStream watch(WatchRequest request, WatchListener listener, Duration timeout) {
        Objects.requireNonNull(request, "request == null");
        Objects.requireNonNull(listener, "listener == null");
        open("watch");
        applier.expireLeases();
        watchers.deliver();
        return watchers.watch(request, listener);
    }

    /** Refuses further calls with {@link EtcdClosedException}, and ends the watches so. Idempotent. */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            watchers.closeAll(new EtcdClosedException("the fake is closed"));
        }
    }

    @Override
    public String toString() {
        return "FakeEtcdV3[revision=" + applier.revision() + (closed ? ", closed" : "") + "]";
    }
}
