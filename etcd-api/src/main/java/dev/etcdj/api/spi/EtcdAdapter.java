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

    /** Sends {@code request}; see the class description for how the future completes. */
    CompletableFuture<EtcdResult> execute(EtcdRequest request);

    /**
     * Sends {@code request} and waits for the answer on the calling thread: the path of the blocking
     * {@link dev.etcdj.api.Etcd} methods. By default it waits for {@link #execute}; a transport may do the
     * call on the caller's thread instead and save the hand-off between threads. Throws what the future
     * of {@link #execute} would fail with; an interrupt cancels the call and throws
     * {@link dev.etcdj.api.EtcdInterruptedException}.
     */
    default EtcdResult executeBlocking(EtcdRequest request) {
        return dev.etcdj.api.internal.Futures.await(execute(request));
    }

    /** Releases connections and threads; requests in flight fail. Idempotent. */
    @Override
    void close();
}
