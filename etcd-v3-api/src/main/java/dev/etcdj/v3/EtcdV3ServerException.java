package dev.etcdj.v3;

import dev.etcdj.api.EtcdException;

/**
 * etcd refused a v3 call: its gRPC code and message (such as {@code OUT_OF_RANGE}, "etcdserver: mvcc:
 * required revision has been compacted"). Subclasses name the refusals a caller handles:
 * {@link RevisionCompactedException}, {@link FutureRevisionException}, {@link LeaseNotFoundException}.
 */
public class EtcdV3ServerException extends EtcdException {
    private static final long serialVersionUID = 1L;

    /** @serial the gRPC code */
    private final GrpcCode code;
    /** @serial etcd's message, as sent */
    private final String serverMessage;
    /** @serial the HTTP status the gateway answered with */
    private final int httpStatus;

    /**
     * Creates the exception.
     *
     * @param what the call, for the message, such as {@code "range /a at http://127.0.0.1:2379"}
     * @param code the gRPC code
     * @param serverMessage etcd's message
     * @param httpStatus the HTTP status, or 0
     */
    public EtcdV3ServerException(String what, GrpcCode code, String serverMessage, int httpStatus) {
        super(what + ": " + code + ": " + serverMessage);
        this.code = code;
        this.serverMessage = serverMessage;
        this.httpStatus = httpStatus;
    }

    /**
     * {@return whether etcd refused the call's auth token (expired, or older than the auth store) rather
     * than its user: authenticating again and sending the call once more is the cure, and the call was
     * not applied}
     */
    public boolean tokenRefused() {
        return serverMessage.contains("invalid auth token") || serverMessage.contains("auth store is old");
    }

    /**
     * {@return the exception for etcd's answer: the subclass its code and message name}
     *
     * @param what the call, for the message
     * @param code the gRPC code
     * @param serverMessage etcd's message
     * @param httpStatus the HTTP status, or 0
     */
    public static EtcdV3ServerException of(String what, GrpcCode code, String serverMessage, int httpStatus) {
        String m = serverMessage == null ? "" : serverMessage;
        if (code == GrpcCode.OUT_OF_RANGE && m.contains("compacted")) {
            return new RevisionCompactedException(what, m, httpStatus);
        }
        if (code == GrpcCode.OUT_OF_RANGE && m.contains("future revision")) {
            return new FutureRevisionException(what, m, httpStatus);
        }
        if (code == GrpcCode.NOT_FOUND && m.contains("lease not found")) {
            return new LeaseNotFoundException(what, m, httpStatus);
        }
        return new EtcdV3ServerException(what, code, m, httpStatus);
    }

    /** {@return the gRPC code} */
    public GrpcCode code() {
        return code;
    }

    /** {@return etcd's message, such as {@code "etcdserver: requested lease not found"}} */
    public String serverMessage() {
        return serverMessage;
    }

    /** {@return the HTTP status the gateway answered with, or 0} */
    public int httpStatus() {
        return httpStatus;
    }
}
