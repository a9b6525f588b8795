package dev.etcdj.api;

/**
 * The client (or its adapter) was closed: a call made after {@code close()}, or one in flight when it was
 * called, which was then abandoned. A write in flight may have been applied.
 */
public final class EtcdClosedException extends EtcdException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which call found the client closed
     */
    public EtcdClosedException(String message) {
        super(message);
    }
}
