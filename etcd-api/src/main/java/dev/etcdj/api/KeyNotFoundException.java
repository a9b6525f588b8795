package dev.etcdj.api;

/**
 * Error 100, HTTP 404: the key, or a directory on its path, does not exist. {@link #errorCause()} names the
 * first missing path component.
 */
public final class KeyNotFoundException extends EtcdServerException {
    private static final long serialVersionUID = 1L;

    KeyNotFoundException(String message, String cause, long index) {
        super(100, message, cause, index);
    }
}
