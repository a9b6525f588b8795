package dev.etcdj.api;

/**
 * A blocking call was interrupted. The thread's interrupt status is set again before this is thrown, and
 * the request was cancelled; a write may still have been applied.
 */
public final class EtcdInterruptedException extends EtcdException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which call was interrupted
     * @param cause the interrupt
     */
    public EtcdInterruptedException(String message, InterruptedException cause) {
        super(message, cause);
    }
}
