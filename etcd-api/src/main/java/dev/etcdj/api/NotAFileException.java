package dev.etcdj.api;

/**
 * Error 102, HTTP 403: the operation needs a file but found a directory (a value write, compare-and-swap or
 * compare-and-delete on a directory, or a delete of a directory without {@code dir()}/{@code recursive()}).
 */
public final class NotAFileException extends EtcdServerException {
    private static final long serialVersionUID = 1L;

    NotAFileException(String message, String cause, long index) {
        super(102, message, cause, index);
    }
}
