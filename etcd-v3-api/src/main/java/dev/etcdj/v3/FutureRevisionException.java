package dev.etcdj.v3;

/** etcd refused the call because a revision beyond the store's current one was asked for. */
public final class FutureRevisionException extends EtcdV3ServerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param what the call, for the message
     * @param serverMessage etcd's message
     * @param httpStatus the HTTP status, or 0
     */
    public FutureRevisionException(String what, String serverMessage, int httpStatus) {
        super(what, GrpcCode.OUT_OF_RANGE, serverMessage, httpStatus);
    }
}
