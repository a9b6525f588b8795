package dev.etcdj.v3.spi;

import dev.etcdj.v3.Header;
import dev.etcdj.v3.Lease;
import dev.etcdj.v3.LeaseStatus;
import dev.etcdj.v3.Op;
import dev.etcdj.v3.OpResult;
import java.time.Duration;
import java.util.List;

/**
 * The transport an {@link dev.etcdj.v3.EtcdV3} client sends through: the JSON gateway over HTTP
 * ({@code dev.etcdj.v3.http}), or a fake. Every method blocks the calling thread until the answer, the
 * deadline, or {@link #close()}; a {@code timeout} of {@code null} means the adapter's default.
 *
 * <p>Failures are unchecked {@link dev.etcdj.api.EtcdException}s: {@link dev.etcdj.v3.EtcdV3ServerException}
 * for etcd's refusals, {@link dev.etcdj.api.EtcdTimeoutException}, {@link dev.etcdj.api.EtcdConnectionException}
 * (with {@code mayHaveBeenApplied()} for a write whose answer was lost), {@link dev.etcdj.api.EtcdProtocolException}
 * for answers etcd would not give, {@link dev.etcdj.api.EtcdClosedException} after close. Implementations are
 * thread-safe.
 */
public interface V3Adapter extends AutoCloseable {
    /**
     * Runs a key-value operation.
     *
     * @param op the read, write, delete or transaction
     * @param timeout the deadline, or null for the default
     * @return the answer, of the type that matches {@code op} ({@code RangeResult} for {@code Get}, ...)
     */
    OpResult execute(Op op, Duration timeout);

    /**
     * Compacts the key-value history up to {@code revision}.
     *
     * @param revision the revision to compact up to
     * @param physical wait until the compaction is applied to the backend
     * @param timeout the deadline, or null
     * @return the header of the answer
     */
    Header compact(long revision, boolean physical, Duration timeout);

    /**
     * Grants a lease.
     *
     * @param ttlSeconds its time to live
     * @param id the id wanted, or 0 for one chosen by etcd
     * @param timeout the deadline, or null
     * @return the lease
     */
    Lease grantLease(long ttlSeconds, long id, Duration timeout);

    /**
     * Revokes a lease, deleting its keys.
     *
     * @param id the lease
     * @param timeout the deadline, or null
     * @return the header of the answer
     */
    Header revokeLease(long id, Duration timeout);

    /**
     * Renews a lease once.
     *
     * @param id the lease
     * @param timeout the deadline, or null
     * @return the lease with its renewed time to live
     */
    Lease keepAliveOnce(long id, Duration timeout);

    /**
     * Asks how long a lease has left.
     *
     * @param id the lease
     * @param keys whether to list the keys attached
     * @param timeout the deadline, or null
     * @return its status
     */
    LeaseStatus timeToLive(long id, boolean keys, Duration timeout);

    /**
     * Lists the leases.
     *
     * @param timeout the deadline, or null
     * @return their ids
     */
    List<Long> leases(Duration timeout);

    /**
     * Opens a watch stream: returns once etcd created the watch (or it ended already, compacted), then
     * delivers to {@code listener} until the stream ends or is closed. It never resumes by itself: a
     * broken stream ends with {@link WatchListener#onEnd}, and {@link dev.etcdj.v3.Watch} opens the next one.
     *
     * @param request what to watch
     * @param listener where its events go
     * @param timeout the deadline of the creation, or null
     * @return the stream
     */
    WatchStream watch(WatchRequest request, WatchListener listener, Duration timeout);

    /**
     * Runs a cluster, maintenance or auth call.
     *
     * @param call the call
     * @param timeout the deadline, or null
     * @param <R> the answer's type
     * @return the answer
     */
    <R> R admin(AdminCall<R> call, Duration timeout);

    /** Fails calls in flight with {@link dev.etcdj.api.EtcdClosedException} and releases connections. */
    @Override
    void close();
}
