package dev.etcdj.v3;

import java.util.List;
import java.util.Objects;

/**
 * The answer to a transaction: which branch ran, and the answers to its operations, in order.
 *
 * @param header the header; its revision is the transaction's
 * @param succeeded whether every comparison held, so the {@code then} branch ran (else the {@code otherwise} one)
 * @param responses the answers to the branch's operations, in their order
 */
public record TxnResult(Header header, boolean succeeded, List<OpResult> responses) implements OpResult {
    /**
     * Checks the components and copies the list.
     *
     * @param header the header
     * @param succeeded which branch ran
     * @param responses the branch's answers
     */
    public TxnResult {
        Objects.requireNonNull(header, "header == null");
        responses = List.copyOf(responses);
    }
}
