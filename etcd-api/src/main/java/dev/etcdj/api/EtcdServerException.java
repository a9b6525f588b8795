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
        switch (errorCode) {
            case 100: return new KeyNotFoundException(message, cause, index);
            case 101: return new CompareFailedException(message, cause, index);
            case 102: return new NotAFileException(message, cause, index);
            case 104: return new NotADirectoryException(message, cause, index);
            case 105: return new NodeExistsException(message, cause, index);
            case 107: return new RootReadOnlyException(message, cause, index);
            case 108: return new DirectoryNotEmptyException(message, cause, index);
            case 110: return new UnauthorizedException(message, cause, index);
            case 300: return new RaftInternalException(message, cause, index);
            case 401: return new EventIndexClearedException(message, cause, index);
            default:
                if (errorCode >= 200 && errorCode < 300) {
                    return new InvalidRequestException(errorCode, message, cause, index);
                }
                return new EtcdServerException(errorCode, message, cause, index);
        }
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
