package dev.etcdj.api;

/**
 * An optimistic read-modify-write ({@link Etcd#atomicUpdate}) lost the race to other writers on every
 * attempt. Nothing was overwritten; the cause is the last {@link CompareFailedException}.
 */
public final class ConcurrentUpdateException extends EtcdException {
    private static final long serialVersionUID = 1L;
    /** How many compare-and-swap attempts were made. */
    private final int attempts;

    /**
     * Creates the exception.
     *
     * @param message what was attempted, on which key
     * @param attempts how many compare-and-swap attempts were made
     * @param cause the last attempt's {@link CompareFailedException}
     */
    public ConcurrentUpdateException(String message, int attempts, Throwable cause) {
        super(message, cause);
        this.attempts = attempts;
    }

    /** {@return how many compare-and-swap attempts were made} */
    public int attempts() {
        return attempts;
    }
}
