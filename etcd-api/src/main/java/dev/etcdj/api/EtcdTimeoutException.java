package dev.etcdj.api;

/**
 * The call's deadline passed before a complete answer arrived. A write that timed out may still have been
 * applied. Set the deadline per call with {@link Option#timeout} or per client on the adapter.
 */
public final class EtcdTimeoutException extends EtcdException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which call, and the deadline that passed
     * @param cause the transport's timeout, or null
     */
    public EtcdTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
