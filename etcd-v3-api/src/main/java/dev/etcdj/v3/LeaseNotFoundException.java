package dev.etcdj.v3;

/** etcd refused the call because the lease does not exist (expired, revoked, or never granted). */
public final class LeaseNotFoundException extends EtcdV3ServerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param what the call, for the message
     * @param serverMessage etcd's message
     * @param httpStatus the HTTP status, or 0
     */
    public LeaseNotFoundException(String what, String serverMessage, int httpStatus) {
        super(what, GrpcCode.NOT_FOUND, serverMessage, httpStatus);
    }
}
