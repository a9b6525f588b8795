package dev.etcdj.api;

/**
 * The root of every exception etcdj throws. Unchecked: catch the subclass you can act on.
 *
 * <ul>
 *   <li>{@link EtcdServerException} and its subclasses: the server answered with an etcd error.</li>
 *   <li>{@link EtcdConnectionException}: no endpoint could be reached.</li>
 *   <li>{@link EtcdTimeoutException}: the call's deadline passed.</li>
 *   <li>{@link EtcdProtocolException}: the server's answer could not be understood.</li>
 * </ul>
 *
 * <p>Messages never contain credentials.
 */
public class EtcdException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, and where; never credentials
     */
    public EtcdException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the exception that caused it.
     *
     * @param message what went wrong, and where; never credentials
     * @param cause the exception that caused it
     */
    public EtcdException(String message, Throwable cause) {
        super(message, cause);
    }
}
