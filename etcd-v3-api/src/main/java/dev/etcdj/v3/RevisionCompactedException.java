package dev.etcdj.v3;

/** etcd refused the call because a revision older than the last compaction was asked for (a read at it, a watch from it). */
public final class RevisionCompactedException extends EtcdV3ServerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param what the call, for the message
     * @param serverMessage etcd's message
     * @param httpStatus the HTTP status, or 0
     */
    public RevisionCompactedException(String what, String serverMessage, int httpStatus) {
        super(what, GrpcCode.OUT_OF_RANGE, serverMessage, httpStatus);
    }
}
