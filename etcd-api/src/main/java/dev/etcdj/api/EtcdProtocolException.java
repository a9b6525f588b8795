package dev.etcdj.api;

/**
 * The server's answer could not be understood: malformed JSON, an unexpected status, a body that is not
 * an etcd document (for example Go's {@code 404 page not found} when the path prefix is wrong). The
 * message says what was expected and where, with the endpoint and a short excerpt of the body.
 */
public final class EtcdProtocolException extends EtcdException {
    private static final long serialVersionUID = 1L;
    /** The HTTP status of the answer, or 0. */
    private final int status;

    /**
     * Creates the exception; {@code status} is the HTTP status, or 0 when none applies.
     *
     * @param message what was expected and where, with an excerpt of the body
     * @param status the HTTP status, or 0 when none applies
     * @param cause the parse failure, or null
     */
    public EtcdProtocolException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** {@return the HTTP status of the answer, or 0 when the failure was not tied to one} */
    public int status() {
        return status;
    }
}
