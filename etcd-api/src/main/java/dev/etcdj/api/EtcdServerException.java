package dev.etcdj.api;

import java.util.Objects;

/**
 * The server answered with an etcd error body, {@code {"errorCode":..,"message":..,"cause":..,"index":..}}.
 * The common codes have subclasses; {@link #of} picks the right one. The message reads
 * {@code "Key not found (100): /missing [index 5]"}.
 */
public sealed class EtcdServerException extends EtcdException
        permits KeyNotFoundException, CompareFailedException, NotAFileException, NotADirectoryException,
        NodeExistsException, RootReadOnlyException, DirectoryNotEmptyException, UnauthorizedException,
        InvalidRequestException, EventIndexClearedException, RaftInternalException {
    private static final long serialVersionUID = 1L;

    /** The {@code errorCode} field. */
    private final int errorCode;
    /** The {@code message} field. */
    private final String errorMessage;
    /** The {@code cause} field, or {@code ""}. */
    private final String errorCause;
    /** The {@code index} field. */
    private final long index;

    EtcdServerException(int errorCode, String errorMessage, String errorCause, long index) {
        super(describe(errorCode, errorMessage, errorCause, index));
        this.errorCode = errorCode;
        this.errorMessage = Objects.requireNonNullElse(errorMessage, "");
        this.errorCause = Objects.requireNonNullElse(errorCause, "");
        this.index = index;
    }

    private static String describe(int code, String message, String cause, long index) {
        StringBuilder b = new StringBuilder();
        b.append(message == null || message.isEmpty() ? "etcd error" : message).append(" (").append(code).append(')');
        if (cause != null && !cause.isEmpty()) {
            b.append(": ").append(cause);
        }
        return b.append(" [index ").append(index).append(']').toString();
    }

    /**
     * {@return the exception for an error body, of the subclass that matches {@code errorCode}}
     *
     * @param errorCode the {@code errorCode} field
     * @param message the {@code message} field
     * @param cause the {@code cause} field, or {@code null}/empty when absent
     * @param index the {@code index} field: the store's index when the error happened ({@code 0} for
     *     validation errors)
     */
    public static EtcdServerException of(int errorCode, String message, String cause, long index) {
        ErrorCode code = ErrorCode.of(errorCode);
        if (code == null) {
            return new EtcdServerException(errorCode, message, cause, index);
        }
        switch (code) {
            case KEY_NOT_FOUND: return new KeyNotFoundException(message, cause, index);
            case TEST_FAILED: return new CompareFailedException(message, cause, index);
            case NOT_FILE: return new NotAFileException(message, cause, index);
            case NOT_DIR: return new NotADirectoryException(message, cause, index);
            case NODE_EXIST: return new NodeExistsException(message, cause, index);
            case ROOT_READ_ONLY: return new RootReadOnlyException(message, cause, index);
            case DIR_NOT_EMPTY: return new DirectoryNotEmptyException(message, cause, index);
            case UNAUTHORIZED: return new UnauthorizedException(message, cause, index);
            case RAFT_INTERNAL: return new RaftInternalException(message, cause, index);
            case EVENT_INDEX_CLEARED: return new EventIndexClearedException(message, cause, index);
            default:
                return errorCode >= 200 && errorCode < 300 ? new InvalidRequestException(errorCode, message, cause, index)
                        : new EtcdServerException(errorCode, message, cause, index);
        }
    }

    /**
     * {@return the exception etcd's error {@code code} makes, with etcd's own message}
     *
     * @param code the error
     * @param cause the {@code cause} field, or empty
     * @param index the store's index, or 0
     */
    public static EtcdServerException of(ErrorCode code, String cause, long index) {
        return of(code.code(), code.message(), cause, index);
    }

    /** {@return the numeric {@code errorCode}} */
    public int errorCode() {
        return errorCode;
    }

    /** {@return the code as a constant, or {@code null} for a code etcd does not define} */
    public ErrorCode code() {
        return ErrorCode.of(errorCode);
    }

    /** {@return the server's {@code message} field} */
    public String errorMessage() {
        return errorMessage;
    }

    /** {@return the server's {@code cause} field (often the key concerned), or {@code ""} when absent} */
    public String errorCause() {
        return errorCause;
    }

    /** {@return the server's {@code index} field: the store index when the error happened, or 0} */
    public long index() {
        return index;
    }
}
