package dev.etcdj.api;

/**
 * An optimistic read-modify-write ({@link Etcd#atomicUpdate}) lost the race to other writers on every
 * attempt. Nothing was overwritten; the cause is the last {@link CompareFailedException}.
 */
public final class ConcurrentUpdateException extends EtcdException {
    private static final long serialVersionUID = 1L;
    private final int attempts;

    /** Creates the exception. */
    public ConcurrentUpdateException(String message, int attempts, Throwable cause) {
        super(message, cause);
        this.attempts = attempts;
    }

    /** Returns how many compare-and-swap attempts were made. */
    public int attempts() {
        return attempts;
    }
}
