package dev.etcdj.mapper;

import dev.etcdj.api.EtcdException;

/**
 * A record type cannot be mapped (an unsupported component type, an inaccessible record), or what is in
 * etcd does not fit the record (an unknown key, a missing component, a value that does not parse). The
 * message names the record component, the etcd key and the raw value.
 */
public final class MappingException extends EtcdException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public MappingException(String message) {
        super(message);
    }

    /** Creates the exception with its cause. */
    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
