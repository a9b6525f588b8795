package dev.etcdj.v3;

import dev.etcdj.api.EtcdException;
import java.util.Objects;

/** How a {@link LeaseKeepAlive} ended: closed by its owner, or the lease lost. */
public sealed interface LeaseEnd {
    /** {@return the lease that was kept alive} */
    long id();

    /**
     * The keep-alive was closed, or the client it belongs to; the lease itself may still be alive until its
     * time to live runs out.
     *
     * @param id the lease
     */
    record Closed(long id) implements LeaseEnd {
    }

    /**
     * The lease is lost: etcd no longer knows it ({@link LeaseNotFoundException}: it expired or was
     * revoked), or no renewal got through before its time to live ran out (then {@code cause} is the last
     * failure, such as an {@link dev.etcdj.api.EtcdConnectionException}), so etcd has deleted or is about
     * to delete its keys.
     *
     * @param id the lease
     * @param cause why
     */
    record Lost(long id, EtcdException cause) implements LeaseEnd {
        /**
         * Checks the cause.
         *
         * @param id the lease
         * @param cause why, not null
         */
        public Lost {
            Objects.requireNonNull(cause, "cause == null");
        }
    }
}
