package dev.etcdj.api;

/**
 * Errors 200–212, HTTP 400: the server rejected a parameter (a bad number, boolean or form, a refresh with
 * a value or without a TTL). etcdj validates options before sending, so seeing one usually means a raw
 * request or a server that disagrees with the client.
 */
public final class InvalidRequestException extends EtcdServerException {
    private static final long serialVersionUID = 1L;

    InvalidRequestException(int code, String message, String cause, long index) {
        super(code, message, cause, index);
    }
}
