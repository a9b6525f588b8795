package dev.etcdj.api;

/**
 * Error 110, HTTP 401: authentication is enabled on the server and these credentials (or the guest role)
 * may not do this. Also raised for a 401 without an etcd error body.
 */
public final class UnauthorizedException extends EtcdServerException {
    private static final long serialVersionUID = 1L;

    UnauthorizedException(String message, String cause, long index) {
        super(110, message, cause, index);
    }
}
