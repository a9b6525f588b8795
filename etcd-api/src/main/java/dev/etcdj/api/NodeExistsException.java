package dev.etcdj.api;

/**
 * Error 105, HTTP 412: a create (or {@code mkdir}) found the key already there.
 */
public final class NodeExistsException extends EtcdServerException {
    private static final long serialVersionUID = 1L;

    NodeExistsException(String message, String cause, long index) {
        super(105, message, cause, index);
    }
}
