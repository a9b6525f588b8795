package dev.etcdj.v3;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A transaction being built: comparisons that must all hold, the operations to run if they do, and the
 * ones to run if one does not. {@link #commit()} sends it. Not thread-safe; use each once.
 */
public final class Transaction {
    private final EtcdV3 etcd;
    private final List<Compare> when = new ArrayList<>();
    private final List<Op> then = new ArrayList<>();
    private final List<Op> otherwise = new ArrayList<>();

    Transaction(EtcdV3 etcd) {
        this.etcd = etcd;
    }

    /**
     * Adds comparisons; all must hold for the {@code then} branch to run.
     *
     * @param compares the comparisons
     * @return this transaction
     */
    public Transaction when(Compare... compares) {
        when.addAll(Arrays.asList(compares));
        return this;
    }

    /**
     * Adds operations to run when every comparison holds.
     *
     * @param ops the operations, in order
     * @return this transaction
     */
    public Transaction then(Op... ops) {
        then.addAll(Arrays.asList(ops));
        return this;
    }

    /**
     * Adds operations to run when a comparison does not hold.
     *
     * @param ops the operations, in order
     * @return this transaction
     */
    public Transaction otherwise(Op... ops) {
        otherwise.addAll(Arrays.asList(ops));
        return this;
    }

    /** {@return the transaction as an operation, to run later or nest in another's branch} */
    public Op.Txn build() {
        return new Op.Txn(when, then, otherwise);
    }

    /**
     * Sends the transaction. Never re-sent when its answer is lost: it fails with
     * {@link dev.etcdj.api.EtcdConnectionException#mayHaveBeenApplied()}.
     *
     * @return which branch ran, and the answers to its operations
     */
    public TxnResult commit() {
        return etcd.txn(build());
    }
}
