package dev.etcdj.api;

/**
 * Error 104, HTTP 400: a component of the key path is a file, so nothing can live below it.
 */
public final class NotADirectoryException extends EtcdServerException {
    private static final long serialVersionUID = 1L;

    NotADirectoryException(String message, String cause, long index) {
        super(104, message, cause, index);
    }
}
