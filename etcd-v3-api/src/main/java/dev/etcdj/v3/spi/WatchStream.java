package dev.etcdj.v3.spi;

/** One watch stream opened by {@link V3Adapter#watch}: created and running. Thread-safe. */
public interface WatchStream extends AutoCloseable {
    /** {@return the revision etcd created the watch at: every change after it will be delivered} */
    long createdRevision();

    /** Asks etcd for a progress note ({@link WatchListener#onProgress}); nothing happens once the stream ended. */
    void requestProgress();

    /** Ends the stream; its listener is called no more after this returns. Idempotent. */
    @Override
    void close();
}
