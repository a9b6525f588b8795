package dev.etcdj.v3;

/**
 * The answer to one key-value operation: a read, a write, a delete, or a transaction (which holds the
 * answers to its own operations). Each carries the {@link Header}.
 */
public sealed interface OpResult permits RangeResult, PutResult, DeleteResult, TxnResult {
    /** {@return the answer's header: the revision it was served at, and who served it} */
    Header header();
}
