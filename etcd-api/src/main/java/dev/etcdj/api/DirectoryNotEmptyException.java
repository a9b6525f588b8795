package dev.etcdj.api;

/**
 * Error 108, HTTP 403: a directory delete without {@code recursive()} found children.
 */
public final class DirectoryNotEmptyException extends EtcdServerException {
    private static final long serialVersionUID = 1L;

    DirectoryNotEmptyException(String message, String cause, long index) {
        super(108, message, cause, index);
    }
}
