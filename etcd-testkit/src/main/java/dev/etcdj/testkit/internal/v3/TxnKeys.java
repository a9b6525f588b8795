package dev.etcdj.testkit.internal.v3;

import dev.etcdj.v3.ByteSequence;
import dev.etcdj.v3.EtcdV3ServerException;
import dev.etcdj.v3.GrpcCode;
import dev.etcdj.v3.Op;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * etcd's {@code checkIntervals} ({@code server/etcdserver/txn/txn.go}): in one branch of a transaction,
 * nested ones included, no key may be written twice, nor written and deleted. Deletes may overlap.
 */
final class TxnKeys {
    private TxnKeys() {
    }

    static void checkNoDuplicates(List<Op> branch, String what) {
        Set<ByteSequence> puts = new HashSet<>();
        List<Op.Delete> deletes = new ArrayList<>();
        collect(branch, puts, deletes, what);
        for (Op.Delete d : deletes) {
            for (ByteSequence p : puts) {
                if (inRange(p, d)) {
                    throw duplicate(what);
                }
            }
        }
    }

    /** Puts of a nested transaction count in both its branches, as only one of them runs. */
    private static void collect(List<Op> ops, Set<ByteSequence> puts, List<Op.Delete> deletes, String what) {
        for (Op op : ops) {
            if (op instanceof Op.Put p) {
                if (!puts.add(p.key())) {
                    throw duplicate(what);
                }
            } else if (op instanceof Op.Delete d) {
                deletes.add(d);
            } else if (op instanceof Op.Txn t) {
                int base = deletes.size();
                Set<ByteSequence> success = new HashSet<>(puts);
                List<Op.Delete> successDeletes = new ArrayList<>(deletes);
                collect(t.success(), success, successDeletes, what);
                Set<ByteSequence> failure = new HashSet<>(puts);
                List<Op.Delete> failureDeletes = new ArrayList<>(deletes);
                collect(t.failure(), failure, failureDeletes, what);
                puts.addAll(success);
                puts.addAll(failure);
                deletes.addAll(successDeletes.subList(base, successDeletes.size()));
                deletes.addAll(failureDeletes.subList(base, failureDeletes.size()));
            }
        }
    }

    private static boolean inRange(ByteSequence key, Op.Delete d) {
        if (d.rangeEnd().isEmpty()) {
            return key.equals(d.key());
        }
        return key.compareTo(d.key()) >= 0 && (d.rangeEnd().equals(ByteSequence.ZERO) || key.compareTo(d.rangeEnd()) < 0);
    }

    private static EtcdV3ServerException duplicate(String what) {
        return Refusal.of(what, GrpcCode.INVALID_ARGUMENT, "etcdserver: duplicate key given in txn request");
    }
}
