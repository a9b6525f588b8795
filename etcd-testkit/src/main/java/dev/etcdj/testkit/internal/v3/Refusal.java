package dev.etcdj.testkit.internal.v3;

import dev.etcdj.v3.EtcdV3ServerException;
import dev.etcdj.v3.GrpcCode;

/**
 * etcd's refusals as the fake gives them: the gRPC code, etcd's message, and the HTTP status the gateway
 * answers that code with ({@code runtime.HTTPStatusFromCode}, grpc-gateway v1): the one home of that
 * mapping, for the fake in process and behind HTTP alike.
 */
final class Refusal {
    private Refusal() {
    }

    /** {@return etcd's refusal of {@code what} with {@code code} and {@code message}} */
    static EtcdV3ServerException of(String what, GrpcCode code, String message) {
        return EtcdV3ServerException.of(what, code, message, httpStatus(code));
    }

    /** {@return the HTTP status the gateway answers {@code code} with} */
    static int httpStatus(GrpcCode code) {
        return switch (code) {
            case OK -> 200;
            case CANCELLED -> 408;
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
            case DEADLINE_EXCEEDED -> 504;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, ABORTED -> 409;
            case PERMISSION_DENIED -> 403;
            case UNAUTHENTICATED -> 401;
            case RESOURCE_EXHAUSTED -> 429;
            case UNIMPLEMENTED -> 501;
            case UNAVAILABLE -> 503;
            default -> 500;
        };
    }
}
