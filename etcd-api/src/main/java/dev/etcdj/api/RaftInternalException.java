package dev.etcdj.api;

/**
 * Error 300, HTTP 500 ({@code Raft Internal Error}, typically {@code etcdserver: request timed out}): the
 * member answered but could not get the request committed in time, for example because it lost its quorum.
 * The request was proposed, so <b>a write may still be applied</b> later: {@link #mayHaveBeenApplied()} is
 * always true, and a conditional write should be checked by reading the key. The HTTP adapter moves on to the
 * next endpoint after it; a read is tried there at once.
 */
public final class RaftInternalException extends EtcdServerException {
    private static final long serialVersionUID = 1L;

    RaftInternalException(String message, String cause, long index) {
        super(300, message, cause, index);
    }

    /** {@return true: the request may have been committed after the member gave up waiting} */
    public boolean mayHaveBeenApplied() {
        return true;
    }
}
