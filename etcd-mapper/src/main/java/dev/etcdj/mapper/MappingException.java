package dev.etcdj.mapper;

import dev.etcdj.api.EtcdException;

/**
 * A record type cannot be mapped (an unsupported component type, an inaccessible record), or what is in
 * etcd does not fit the record (an unknown key, a missing component, a value that does not parse). The
 * message names the record component, the etcd key and the raw value.
 */
public final class MappingException extends EtcdException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be mapped, and where
     */
    public MappingException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what could not be mapped, and where
     * @param cause the exception that caused it
     */
    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
