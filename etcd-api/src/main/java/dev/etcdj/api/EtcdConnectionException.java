package dev.etcdj.api;

/**
 * No endpoint could be reached, or a connection broke before an answer arrived. The cause (and, with
 * several endpoints, the suppressed exceptions) tell what happened at each endpoint. When
 * {@link #mayHaveBeenApplied()} is true the request was a write whose answer was lost: it may or may not
 * have taken effect, and it was not retried.
 */
public final class EtcdConnectionException extends EtcdException {
    private static final long serialVersionUID = 1L;
    /** Whether a write may have reached the server. */
    private final boolean mayHaveBeenApplied;

    /**
     * Creates the exception; {@code mayHaveBeenApplied} says whether a write may have reached the server.
     *
     * @param message what was sent where, and what happened
     * @param cause the failure at the last endpoint tried
     * @param mayHaveBeenApplied whether a write may have reached the server
     */
    public EtcdConnectionException(String message, Throwable cause, boolean mayHaveBeenApplied) {
        super(message, cause);
        this.mayHaveBeenApplied = mayHaveBeenApplied;
    }

    /** {@return whether the request may have been applied by a server although no answer arrived} */
    public boolean mayHaveBeenApplied() {
        return mayHaveBeenApplied;
    }
}
