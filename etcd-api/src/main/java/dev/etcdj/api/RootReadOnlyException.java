package dev.etcdj.api;

/**
 * Error 107, HTTP 400: the root directory cannot be written or deleted.
 */
public final class RootReadOnlyException extends EtcdServerException {
    private static final long serialVersionUID = 1L;

    RootReadOnlyException(String message, String cause, long index) {
        super(107, message, cause, index);
    }
}
