package dev.etcdj.api;

/**
 * Error 401, HTTP 400: the watch asked for an index older than the 1,000 events etcd keeps. Recover by
 * reading the key and watching again from the read's {@code etcdIndex() + 1}; {@link Watch} does this for you.
 */
public final class EventIndexClearedException extends EtcdServerException {
    private static final long serialVersionUID = 1L;

    EventIndexClearedException(String message, String cause, long index) {
        super(401, message, cause, index);
    }
}
