package dev.etcdj.api.spi;

import dev.etcdj.api.EtcdException;

/**
 * The server ended a watch without sending an event (it shut down, or dropped a slow watcher). Nothing
 * was missed: wait again from the same index. {@link dev.etcdj.api.Watch} does so by itself.
 */
public final class WatchEndedException extends EtcdException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which wait ended, and how
     */
    public WatchEndedException(String message) {
        super(message);
    }
}
