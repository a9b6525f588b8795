package dev.etcdj.mapper;

import dev.etcdj.api.EtcdException;

/**
 * Another client wrote the same record concurrently. A {@link Repository#put} that detects it stops
 * without overwriting anything the other client wrote; a read that keeps finding the record half-written
 * gives up with this exception. {@link Repository#update} retries instead.
 */
public final class RecordConflictException extends EtcdException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which record, and who held it
     * @param cause the exception that caused it
     */
    public RecordConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
