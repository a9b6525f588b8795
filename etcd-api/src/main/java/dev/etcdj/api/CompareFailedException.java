package dev.etcdj.api;

/**
 * Error 101, HTTP 412: a {@code prevValue} or {@code prevIndex} condition did not hold. {@link #errorCause()}
 * shows both sides, e.g. {@code [old != current] [4 != 7]}.
 */
public final class CompareFailedException extends EtcdServerException {
    private static final long serialVersionUID = 1L;

    CompareFailedException(String message, String cause, long index) {
        super(101, message, cause, index);
    }
}
