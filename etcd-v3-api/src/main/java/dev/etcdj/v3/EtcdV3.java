package dev.etcdj.v3;

import dev.etcdj.api.EtcdProtocolException;
import dev.etcdj.v3.spi.V3Adapter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An etcd v3 client: reads at any revision, writes, deletes, transactions, compaction, leases and watches, blocking.
 *
 * <pre>{@code
 * import static dev.etcdj.v3.KvOption.*;
 *
 * try (EtcdV3 etcd = EtcdV3.of(GatewayAdapter.newBuilder().endpoints("http://127.0.0.1:2379").build())) {
 *     etcd.put("/config/db", "postgres://db");
 *     String url = etcd.get("/config/db").first().orElseThrow().value().asString();
 *     RangeResult all = etcd.get("/config/", prefix());
 *     Lease lease = etcd.grantLease(Duration.ofSeconds(30));
 *     etcd.put("/workers/me", "alive", lease(lease.id()));
 *     etcd.txn().when(Compare.version(ByteSequence.of("/leader"), Compare.Result.EQUAL, 0))
 *               .then(Op.put(ByteSequence.of("/leader"), ByteSequence.of("me")))
 *               .commit();
 * }
 * }</pre>
 *
 * <p>String keys and values are UTF-8. Bad arguments throw {@link IllegalArgumentException} before any
 * I/O; every other failure is an unchecked {@link dev.etcdj.api.EtcdException} (see {@link V3Adapter}).
 * Every call has a deadline: the adapter's default, or this view's {@link #withTimeout}.
 *
 * <p>Thread-safe: share one instance. {@link #close()} closes the adapter.
 */
public final class EtcdV3 implements AutoCloseable {
    private final V3Adapter adapter;
    private final Duration timeout;
    /** The keep-alives and watches running, shared by every view of this client; closed with it. */
    private final Set<AutoCloseable> running;

    private EtcdV3(V3Adapter adapter, Duration timeout, Set<AutoCloseable> running) {
        this.adapter = adapter;
        this.timeout = timeout;
        this.running = running;
    }

    /**
     * {@return a client over {@code adapter}; closing the client closes the adapter}
     *
     * @param adapter the transport, such as {@code GatewayAdapter.newBuilder()...build()}
     */
    public static EtcdV3 of(V3Adapter adapter) {
        return new EtcdV3(Objects.requireNonNull(adapter, "adapter == null"), null, ConcurrentHashMap.newKeySet());
    }

    /**
     * {@return a view of this client whose calls have {@code timeout} as their deadline; it shares the
     * adapter (closing either closes both)}
     *
     * @param timeout the deadline of each call, positive
     */
    public EtcdV3 withTimeout(Duration timeout) {
        // etcd-api's timeout option is the one home of the check, for v2 and v3 alike
        return new EtcdV3(adapter, dev.etcdj.api.Option.timeout(timeout).timeout(), running);
    }

    /**
     * Reads {@code key}, or a range of keys with {@code prefix()}, {@code rangeEnd(...)} or {@code fromKey()}.
     *
     * @param key the key
     * @param options {@code prefix()}, {@code rangeEnd(...)}, {@code fromKey()}, {@code limit(...)},
     *     {@code atRevision(...)}, {@code sort(...)}, {@code serializable()}, {@code keysOnly()},
     *     {@code countOnly()}, {@code modRevisions(...)}, {@code createRevisions(...)}
     * @return the keys read, with the revision they were read at
     * @throws RevisionCompactedException if {@code atRevision} was compacted away
     * @throws FutureRevisionException if {@code atRevision} is beyond the current revision
     */
    public RangeResult get(ByteSequence key, KvOption.ForGet... options) {
        return expect(RangeResult.class, Op.get(key, options));
    }

    /**
     * Reads {@code key} (UTF-8); see {@link #get(ByteSequence, KvOption.ForGet...)}.
     *
     * @param key the key
     * @param options the read's options
     * @return the keys read
     */
    public RangeResult get(String key, KvOption.ForGet... options) {
        return get(ByteSequence.of(key), options);
    }

    /**
     * Writes {@code value} at {@code key}, creating it or adding a version.
     *
     * @param key the key
     * @param value the value; empty with {@code ignoreValue()}
     * @param options {@code lease(...)}, {@code prevKv()}, {@code ignoreValue()}, {@code ignoreLease()}
     * @return the write, with its revision, and the previous key with {@code prevKv()}
     * @throws LeaseNotFoundException if {@code lease(...)} names no live lease
     */
    public PutResult put(ByteSequence key, ByteSequence value, KvOption.ForPut... options) {
        return expect(PutResult.class, Op.put(key, value, options));
    }

    /**
     * Writes {@code value} at {@code key}, both UTF-8; see {@link #put(ByteSequence, ByteSequence, KvOption.ForPut...)}.
     *
     * @param key the key
     * @param value the value
     * @param options the write's options
     * @return the write
     */
    public PutResult put(String key, String value, KvOption.ForPut... options) {
        return put(ByteSequence.of(key), ByteSequence.of(value), options);
    }

    /**
     * Deletes {@code key}, or a range with {@code prefix()}, {@code rangeEnd(...)} or {@code fromKey()}.
     *
     * @param key the key
     * @param options {@code prefix()}, {@code rangeEnd(...)}, {@code fromKey()}, {@code prevKv()}
     * @return how many keys were deleted, and which with {@code prevKv()}
     */
    public DeleteResult delete(ByteSequence key, KvOption.ForDelete... options) {
        return expect(DeleteResult.class, Op.delete(key, options));
    }

    /**
     * Deletes {@code key} (UTF-8); see {@link #delete(ByteSequence, KvOption.ForDelete...)}.
     *
     * @param key the key
     * @param options the delete's options
     * @return the delete
     */
    public DeleteResult delete(String key, KvOption.ForDelete... options) {
        return delete(ByteSequence.of(key), options);
    }

    /** {@return a transaction to build: {@code when(...)}, {@code then(...)}, {@code otherwise(...)}, then {@code commit()}} */
    public Transaction txn() {
        return new Transaction(this);
    }

    /**
     * Runs a transaction built elsewhere.
     *
     * @param txn the transaction
     * @return which branch ran, and its answers
     */
    public TxnResult txn(Op.Txn txn) {
        return expect(TxnResult.class, Objects.requireNonNull(txn, "txn == null"));
    }

    /**
     * Drops the history before {@code revision}: reads and watches at older revisions then fail with
     * {@link RevisionCompactedException}. Waits until the compaction is applied.
     *
     * @param revision the revision to compact up to, at least 1
     * @return the header of the answer
     * @throws RevisionCompactedException if the store was already compacted at or past {@code revision}
     * @throws FutureRevisionException if {@code revision} is beyond the current one
     */
    public Header compact(long revision) {
        if (revision < 1) {
            throw new IllegalArgumentException("revision < 1: " + revision);
        }
        return adapter.compact(revision, true, timeout);
    }

    /**
     * Grants a lease of {@code ttl}; attach keys to it with {@link KvOption#lease}.
     *
     * @param ttl the time to live, whole seconds, at least 1 s (etcd may raise it to its minimum)
     * @return the lease
     */
    public Lease grantLease(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl == null");
        if (ttl.getNano() != 0 || ttl.getSeconds() < 1) {
            throw new IllegalArgumentException("a lease's ttl is whole seconds, at least 1: " + ttl);
        }
        return adapter.grantLease(ttl.getSeconds(), 0, timeout);
    }

    /**
     * Revokes lease {@code id}: its keys are deleted at once, in one revision.
     *
     * @param id the lease
     * @return the header of the answer
     * @throws LeaseNotFoundException if the lease does not exist
     */
    public Header revokeLease(long id) {
        return adapter.revokeLease(id, timeout);
    }

    /**
     * Renews lease {@code id} once, to the time to live it was granted.
     *
     * @param id the lease
     * @return the lease with its new time to live
     * @throws LeaseNotFoundException if the lease expired or was revoked (never reported as success)
     */
    public Lease keepAliveOnce(long id) {
        return adapter.keepAliveOnce(id, timeout);
    }

    /**
     * Keeps lease {@code id} alive in the background until the keep-alive or this client is closed, or the
     * lease is lost (see {@link LeaseKeepAlive}). Renews it once first, here, so that a lease etcd does not
     * know fails now.
     *
     * <pre>{@code
     * LeaseKeepAlive alive = etcd.keepAlive(lease.id());
     * alive.ended().thenAccept(end -> {
     *     if (end instanceof LeaseEnd.Lost lost) {
     *         stepDown(lost.cause());          // the keys attached are gone, or about to be
     *     }
     * });
     * }</pre>
     *
     * @param id the lease
     * @return the running keep-alive; close it to stop renewing
     * @throws LeaseNotFoundException if the lease expired, was revoked or never existed
     */
    public LeaseKeepAlive keepAlive(long id) {
        long sent = System.nanoTime();
        Lease first = adapter.keepAliveOnce(id, timeout);
        LeaseKeepAlive k = new LeaseKeepAlive(adapter, first, sent, running::remove);
        running.add(k);
        k.start();
        return k;
    }

    /**
     * Asks how long lease {@code id} has left.
     *
     * @param id the lease
     * @param withKeys whether to list the keys attached to it
     * @return its status
     * @throws LeaseNotFoundException if the lease expired, was revoked or never existed
     */
    public LeaseStatus leaseTimeToLive(long id, boolean withKeys) {
        return adapter.timeToLive(id, withKeys, timeout);
    }

    /** {@return the ids of the leases alive} */
    public List<Long> leases() {
        return adapter.leases(timeout);
    }

    /** {@return the cluster's membership calls, with this client's deadline} */
    public Cluster cluster() {
        return new Cluster(adapter, timeout);
    }

    /** {@return the maintenance calls (status, alarms, defragmentation, hash), with this client's deadline} */
    public Maintenance maintenance() {
        return new Maintenance(adapter, timeout);
    }

    /** {@return the users, roles and permissions, with this client's deadline} */
    public Auth auth() {
        return new Auth(adapter, timeout);
    }

    /** {@return the adapter this client sends through} */
    public V3Adapter adapter() {
        return adapter;
    }

    /**
     * Watches {@code key}, or a range with {@code prefix()}, {@code rangeEnd(...)} or {@code fromKey()}:
     * every change from now on, or from {@code fromRevision(...)}, in order and exactly once, resuming by
     * itself across broken connections (see {@link Watch}). Returns once etcd has created the watch.
     *
     * <pre>{@code
     * long rev = etcd.get("/jobs/", prefix()).header().revision();
     * try (Watch watch = etcd.watch("/jobs/", prefix(), fromRevision(rev + 1), prevKv())) {
     *     for (WatchEvent e : watch) { ... }
     * }
     * }</pre>
     *
     * @param key the key
     * @param options {@code prefix()}, {@code rangeEnd(...)}, {@code fromKey()}, {@code fromRevision(...)},
     *     {@code prevKv()}, {@code noPut()}, {@code noDelete()}, {@code progressNotify()}
     * @return the running watch; close it to stop
     */
    public Watch watch(ByteSequence key, KvOption.ForWatch... options) {
        Watch w = new Watch(adapter, Ops.watch(key, options), timeout, running::remove);
        running.add(w);
        try {
            w.start();
        } catch (RuntimeException e) {
            running.remove(w);
            throw e;
        }
        return w;
    }

    /**
     * Watches {@code key} (UTF-8); see {@link #watch(ByteSequence, KvOption.ForWatch...)}.
     *
     * @param key the key
     * @param options the watch's options
     * @return the running watch
     */
    public Watch watch(String key, KvOption.ForWatch... options) {
        return watch(ByteSequence.of(key), options);
    }

    /**
     * {@return the watch of {@code key} as a {@link Flow.Publisher}: each subscriber gets its own watch,
     * opened at its first request, and the events it asks for; {@code onComplete} after the last event
     * when the watch ends, {@code onError} with the failure that ended it; cancelling closes the watch}
     * The options are checked here, before any subscription.
     *
     * @param key the key
     * @param options the watch's options, as for {@link #watch(ByteSequence, KvOption.ForWatch...)}
     */
    public Flow.Publisher<WatchEvent> watchPublisher(ByteSequence key, KvOption.ForWatch... options) {
        Ops.watch(key, options);
        KvOption.ForWatch[] copy = options.clone();
        return new WatchPublisher(() -> watch(key, copy));
    }

    /** Closes the keep-alives and watches, then the adapter: its connections and threads. */
    @Override
    public void close() {
        for (AutoCloseable k : running) {
            try {
                k.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + k + " failed", e);   // neither throws
            }
        }
        adapter.close();
    }

    @Override
    public String toString() {
        return "EtcdV3[" + adapter + (timeout == null ? "" : ", timeout=" + timeout) + "]";
    }

    <T extends OpResult> T expect(Class<T> type, Op op) {
        OpResult r = adapter.execute(op, timeout);
        if (!type.isInstance(r)) {
            throw new EtcdProtocolException("expected a " + type.getSimpleName() + " for " + op.getClass().getSimpleName()
                    + " but the adapter answered " + (r == null ? "nothing" : r.getClass().getSimpleName()), 0, null);
        }
        return type.cast(r);
    }
}
