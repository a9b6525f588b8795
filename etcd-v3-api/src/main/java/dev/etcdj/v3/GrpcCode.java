package dev.etcdj.v3;

/** The gRPC status codes etcd answers with, in their numeric order. */
public enum GrpcCode {
    /** 0: not an error. */
    OK,
    /** 1: the call was cancelled. */
    CANCELLED,
    /** 2: an error without a better code. */
    UNKNOWN,
    /** 3: the request is wrong (a missing key, too many txn operations, a bad password...). */
    INVALID_ARGUMENT,
    /** 4: the server's deadline passed. */
    DEADLINE_EXCEEDED,
    /** 5: a lease or member that does not exist. */
    NOT_FOUND,
    /** 6: something that exists already. */
    ALREADY_EXISTS,
    /** 7: the user may not do this. */
    PERMISSION_DENIED,
    /** 8: a quota (the database size, the request rate). */
    RESOURCE_EXHAUSTED,
    /** 9: the cluster is not in the state the call needs (auth not enabled, a lease that exists...). */
    FAILED_PRECONDITION,
    /** 10: the call was aborted. */
    ABORTED,
    /** 11: a revision compacted away, or in the future. */
    OUT_OF_RANGE,
    /** 12: a call this server does not serve. */
    UNIMPLEMENTED,
    /** 13: the server's own error. */
    INTERNAL,
    /** 14: the member cannot serve now (no leader, leader changed, timed out): try another. */
    UNAVAILABLE,
    /** 15: data loss. */
    DATA_LOSS,
    /** 16: a missing or expired auth token. */
    UNAUTHENTICATED;

    /**
     * {@return the code numbered {@code number}, {@link #UNKNOWN} for a number gRPC does not define}
     *
     * @param number the numeric code
     */
    public static GrpcCode of(int number) {
        GrpcCode[] all = values();
        return number >= 0 && number < all.length ? all[number] : UNKNOWN;
    }
}
