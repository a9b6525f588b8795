package dev.etcdj.api;

/**
 * The server refused a cluster, stats or auth call with its {@code {"message": ...}} answer: a member that
 * exists or does not, a user or role that exists or does not, a change etcd forbids (the root role, the root
 * user while auth is on), a malformed request, or a member that is not the leader for leader-only calls.
 * Missing or wrong credentials are an {@link UnauthorizedException} instead.
 */
public final class EtcdAdminException extends EtcdException {
    private static final long serialVersionUID = 1L;

    /** What kind of refusal, by the HTTP status etcd answered with. */
    public enum Kind {
        /** 400: the request was malformed or changes nothing. */
        BAD_REQUEST,
        /** 403: etcd forbids it (the root role, the root user while auth is on, leader stats on a follower). */
        FORBIDDEN,
        /** 404: no such member, user or role. */
        NOT_FOUND,
        /** 409: it exists already (a peer URL, a user, a role), or auth cannot be enabled yet. */
        CONFLICT,
        /** 5xx: the member could not do it now (no quorum, for example); a write may still be applied. */
        UNAVAILABLE,
        /** Any other status. */
        OTHER
    }

    /** The HTTP status of the refusal. */
    private final int status;
    /** etcd's {@code message}. */
    private final String serverMessage;

    /**
     * Creates the exception for an answer with {@code status} and etcd's {@code message}.
     *
     * @param call the call refused, such as {@code "add member"}
     * @param status the HTTP status etcd answered with
     * @param serverMessage etcd's {@code message}, or {@code ""}
     */
    public EtcdAdminException(String call, int status, String serverMessage) {
        super(call + ": HTTP " + status + ": " + serverMessage);
        this.status = status;
        this.serverMessage = serverMessage;
    }

    /** {@return the HTTP status} */
    public int status() {
        return status;
    }

    /** {@return etcd's message, e.g. {@code membership: peerURL exists}} */
    public String serverMessage() {
        return serverMessage;
    }

    /** {@return the kind of refusal} */
    public Kind kind() {
        switch (status) {
            case 400: return Kind.BAD_REQUEST;
            case 403: return Kind.FORBIDDEN;
            case 404: return Kind.NOT_FOUND;
            case 409: return Kind.CONFLICT;
            default: return status >= 500 ? Kind.UNAVAILABLE : Kind.OTHER;
        }
    }
}
