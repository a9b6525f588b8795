package dev.etcdj.api.spi;

import dev.etcdj.api.EtcdResult;
import java.util.concurrent.CompletableFuture;

/**
 * A transport for the {@link dev.etcdj.api.Etcd} facade: the HTTP adapter, the in-memory fake, or your
 * own. Implementations must be thread-safe.
 *
 * <p>{@link #execute} returns at once. The future completes with the decoded result, or exceptionally with
 * an {@link dev.etcdj.api.EtcdException}: an {@link dev.etcdj.api.EtcdServerException} for an etcd error
 * body, {@link dev.etcdj.api.EtcdTimeoutException} when {@link EtcdRequest#timeout()} (or the adapter's
 * default, for operations other than {@link EtcdRequest.Operation#WAIT}) passes,
 * {@link dev.etcdj.api.EtcdConnectionException} or {@link dev.etcdj.api.EtcdProtocolException} otherwise.
 * Cancelling the future abandons the request. A {@code WAIT} that the server ends without an event
 * completes with {@link WatchEndedException}.
 */
public interface EtcdAdapter extends AutoCloseable {

    /**
     * Sends {@code request}; see the class description for how the future completes.
     *
     * @param request the request
     * @return a future of the typed result
     */
    CompletableFuture<EtcdResult> execute(EtcdRequest request);

    /**
     * Sends {@code request} and waits for the answer on the calling thread: the path of the blocking
     * {@link dev.etcdj.api.Etcd} methods. By default it waits for {@link #execute}; a transport may do the
     * call on the caller's thread instead and save the hand-off between threads. Throws what the future
     * of {@link #execute} would fail with; an interrupt cancels the call and throws
     * {@link dev.etcdj.api.EtcdInterruptedException}.
     *
     * @param request the request
     * @return the typed result
     */
    default EtcdResult executeBlocking(EtcdRequest request) {
        return dev.etcdj.api.internal.Futures.await(execute(request));
    }

    /**
     * Sends a cluster, stats or auth call. The future completes with the typed result, or exceptionally
     * with {@link dev.etcdj.api.EtcdAdminException} for etcd's refusals, {@link dev.etcdj.api.UnauthorizedException}
     * for missing or wrong credentials, and the transport's exceptions as for {@link #execute}. Adapters
     * without an admin API keep this default, which fails with {@link UnsupportedOperationException}.
     *
     * @param <T> the call's result type
     * @param call the admin call
     * @return a future of the call's result
     */
    default <T> CompletableFuture<T> admin(AdminCall<T> call) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                getClass().getSimpleName() + " has no cluster, stats or auth calls: " + call));
    }

    /** Releases connections and threads; requests in flight fail. Idempotent. */
    @Override
    void close();
}
