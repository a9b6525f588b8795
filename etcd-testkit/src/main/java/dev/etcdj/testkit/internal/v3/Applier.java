package dev.etcdj.testkit.internal.v3;

import dev.etcdj.v3.ByteSequence;
import dev.etcdj.v3.Compare;
import dev.etcdj.v3.DeleteResult;
import dev.etcdj.v3.EtcdV3ServerException;
import dev.etcdj.v3.GrpcCode;
import dev.etcdj.v3.Header;
import dev.etcdj.v3.KeyValue;
import dev.etcdj.v3.KvOption;
import dev.etcdj.v3.Lease;
import dev.etcdj.v3.LeaseStatus;
import dev.etcdj.v3.Op;
import dev.etcdj.v3.OpResult;
import dev.etcdj.v3.PutResult;
import dev.etcdj.v3.RangeResult;
import dev.etcdj.v3.TxnResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * etcd's v3 apply path ({@code server/etcdserver/apply}, {@code txn/range.go}, {@code txn/put.go},
 * {@code txn/txn.go}): the checks a request passes before it is applied, with etcd's errors, then the
 * reads and writes on the {@link MvccStore} and the {@link Lessor}. A write transaction makes one
 * revision; its own reads see its writes. Leases expire before each call, deleting their keys in one
 * revision each. Not thread-safe: the caller serialises.
 */
public final class Applier {
    /** etcd's default {@code --max-txn-ops}. */
    public static final int MAX_TXN_OPS = 128;

    private final MvccStore store = new MvccStore();
    private final Lessor lessor;
    private final long clusterId;
    private final long memberId;

    /** An applier with its store at revision 1, leases on {@code clock}. */
    public Applier(Clock clock, long clusterId, long memberId) {
        this.lessor = new Lessor(clock, 0x694d_7a5c_0000_0001L);
        this.clusterId = clusterId;
        this.memberId = memberId;
    }

    /** {@return the header of an answer now} */
    public Header header() {
        return new Header(clusterId, memberId, store.revision(), 2);
    }


    /** {@return the current revision} */
    public long revision() {
        return store.revision();
    }

    /** {@return the revision of the last compaction, 0 if none} */
    public long compacted() {
        return store.compacted();
    }

    /** {@return the changes at {@code from} and after, in order} */
    public List<MvccStore.Event> eventsFrom(long from) {
        return store.eventsFrom(from);
    }

    /** {@return the keys attached to lease {@code id}, none if it does not exist} */
    public List<ByteSequence> leaseKeys(long id) {
        expireLeases();
        Lessor.State s = lessor.get(id);
        return s == null ? List.of() : List.copyOf(s.keys);
    }

    /** {@return about how many bytes the history holds} */
    public long approximateBytes() {
        return store.approximateBytes();
    }

    /**
     * {@return a hash of the history up to {@code revision} (0: now)}; etcd refuses a compacted or future one
     */
    public long hash(long revision, String what) {
        expireLeases();
        if (revision > store.revision()) {
            throw Refusal.of(what, GrpcCode.OUT_OF_RANGE, "etcdserver: mvcc: required revision is a future revision");
        }
        if (revision != 0 && revision < store.compacted()) {
            throw Refusal.of(what, GrpcCode.OUT_OF_RANGE, "etcdserver: mvcc: required revision has been compacted");
        }
        return store.hash(revision == 0 ? store.revision() : revision);
    }

    /** Revokes the leases whose time is up, each in its own revision, as etcd's lessor does. */
    public void expireLeases() {
        for (Lessor.State s : lessor.expired()) {
            revoke(s);
        }
    }

    /** {@return the answer to {@code op}, applied} */
    public OpResult execute(Op op, String what) {
        expireLeases();
        check(op, what, 0);
        if (op instanceof Op.Get g) {
            return range(g, what, store.revision());
        }
        long at = store.revision() + 1;
        boolean[] changed = {false};
        OpResult r = apply(op, what, at, changed);
        store.commit(changed[0]);
        return withHeader(r);
    }

    /** The answers carry the revision after the write: etcd fills the header once the transaction ends. */
    private OpResult withHeader(OpResult r) {
        Header h = header();
        if (r instanceof PutResult p) {
            return new PutResult(h, p.prevKv());
        }
        if (r instanceof DeleteResult d) {
            return new DeleteResult(h, d.deleted(), d.prevKvs());
        }
        if (r instanceof TxnResult t) {
            List<OpResult> inner = new ArrayList<>();
            for (OpResult o : t.responses()) {
                inner.add(withHeader(o));
            }
            return new TxnResult(h, t.succeeded(), inner);
        }
        RangeResult g = (RangeResult) r;
        return new RangeResult(h, g.kvs(), g.more(), g.count());
    }

    private OpResult apply(Op op, String what, long at, boolean[] changed) {
        if (op instanceof Op.Get g) {
            return range(g, what, at);
        }
        if (op instanceof Op.Put p) {
            KeyValue prev = store.get(p.key(), at);
            ByteSequence value = p.ignoreValue() ? prev.value() : p.value();
            long lease = p.ignoreLease() ? prev.lease() : p.lease();
            store.put(p.key(), value, lease, at);
            lessor.attach(p.key(), prev == null ? 0 : prev.lease(), lease);
            changed[0] = true;
            return new PutResult(header(), p.prevKv() && prev != null ? Optional.of(prev) : Optional.empty());
        }
        if (op instanceof Op.Delete d) {
            List<KeyValue> gone = store.delete(d.key(), d.rangeEnd(), at);
            for (KeyValue kv : gone) {
                lessor.attach(kv.key(), kv.lease(), 0);
            }
            changed[0] |= !gone.isEmpty();
            return new DeleteResult(header(), gone.size(), d.prevKv() ? gone : List.of());
        }
        Op.Txn t = (Op.Txn) op;
        boolean succeeded = t.compares().stream().allMatch(c -> holds(c, at));
        List<OpResult> out = new ArrayList<>();
        for (Op inner : succeeded ? t.success() : t.failure()) {
            out.add(apply(inner, what, at, changed));
        }
        return new TxnResult(header(), succeeded, out);
    }

    /** etcd's {@code compareKV}: a missing key has version, revisions and lease 0; comparing its value fails. */
    private boolean holds(Compare c, long at) {
        KeyValue kv = store.get(c.key(), at);
        if (kv == null && c.target() == Compare.Target.VALUE) {
            return false;
        }
        long n;
        int cmp;
        switch (c.target()) {
            case VERSION: n = kv == null ? 0 : kv.version(); cmp = Long.compare(n, c.number()); break;
            case CREATE: n = kv == null ? 0 : kv.createRevision(); cmp = Long.compare(n, c.number()); break;
            case MOD: n = kv == null ? 0 : kv.modRevision(); cmp = Long.compare(n, c.number()); break;
            case LEASE: n = kv == null ? 0 : kv.lease(); cmp = Long.compare(n, c.number()); break;
            default: cmp = kv.value().compareTo(c.value());
        }
        switch (c.result()) {
            case EQUAL: return cmp == 0;
            case GREATER: return cmp > 0;
            case LESS: return cmp < 0;
            default: return cmp != 0;
        }
    }

    /** etcd's range: count is every key in range at the revision; filters, sort and limit come after. */
    private RangeResult range(Op.Get g, String what, long current) {
        long at = g.revision() == 0 ? current : g.revision();
        if (g.revision() > store.revision()) {
            throw Refusal.of(what, GrpcCode.OUT_OF_RANGE, "etcdserver: mvcc: required revision is a future revision");
        }
        if (g.revision() != 0 && g.revision() < store.compacted()) {
            throw Refusal.of(what, GrpcCode.OUT_OF_RANGE, "etcdserver: mvcc: required revision has been compacted");
        }
        List<KeyValue> all = store.range(g.key(), g.rangeEnd(), at);
        long count = all.size();
        if (g.countOnly()) {
            return new RangeResult(header(), List.of(), false, count);
        }
        List<KeyValue> kvs = new ArrayList<>();
        for (KeyValue kv : all) {
            if ((g.maxModRevision() == 0 || kv.modRevision() <= g.maxModRevision())
                    && (g.minModRevision() == 0 || kv.modRevision() >= g.minModRevision())
                    && (g.maxCreateRevision() == 0 || kv.createRevision() <= g.maxCreateRevision())
                    && (g.minCreateRevision() == 0 || kv.createRevision() >= g.minCreateRevision())) {
                kvs.add(g.keysOnly() ? new KeyValue(kv.key(), ByteSequence.EMPTY, kv.createRevision(), kv.modRevision(),
                        kv.version(), kv.lease()) : kv);
            }
        }
        KvOption.SortOrder order = g.sortOrder();
        if (g.sortTarget() != KvOption.SortTarget.KEY && order == KvOption.SortOrder.NONE) {
            order = KvOption.SortOrder.ASCEND;   // as etcd: another target than the key sorts ascending by default
        }
        if (order != KvOption.SortOrder.NONE && !(g.sortTarget() == KvOption.SortTarget.KEY && order == KvOption.SortOrder.ASCEND)) {
            Comparator<KeyValue> by = switch (g.sortTarget()) {
                case KEY -> Comparator.comparing(KeyValue::key);
                case VERSION -> Comparator.comparingLong(KeyValue::version);
                case CREATE -> Comparator.comparingLong(KeyValue::createRevision);
                case MOD -> Comparator.comparingLong(KeyValue::modRevision);
                case VALUE -> Comparator.comparing(KeyValue::value);
            };
            kvs.sort(order == KvOption.SortOrder.DESCEND ? by.reversed() : by);
        }
        boolean more = false;
        if (g.limit() > 0 && kvs.size() > g.limit()) {
            kvs = new ArrayList<>(kvs.subList(0, (int) g.limit()));
            more = true;
        }
        return new RangeResult(header(), kvs, more, count);
    }

    /** The checks etcd makes before applying: sizes, duplicate keys, leases and keys that must exist. */
    private void check(Op op, String what, int depth) {
        if (op instanceof Op.Put p) {
            if (p.lease() != 0 && lessor.get(p.lease()) == null) {
                throw Refusal.of(what, GrpcCode.NOT_FOUND, "etcdserver: requested lease not found");
            }
            if ((p.ignoreValue() || p.ignoreLease()) && store.get(p.key(), store.revision()) == null) {
                throw Refusal.of(what, GrpcCode.INVALID_ARGUMENT, "etcdserver: key not found");
            }
        } else if (op instanceof Op.Txn t) {
            if (t.compares().size() > MAX_TXN_OPS || t.success().size() > MAX_TXN_OPS || t.failure().size() > MAX_TXN_OPS) {
                throw Refusal.of(what, GrpcCode.INVALID_ARGUMENT, "etcdserver: too many operations in txn request");
            }
            for (List<Op> branch : List.of(t.success(), t.failure())) {
                TxnKeys.checkNoDuplicates(branch, what);
                for (Op inner : branch) {
                    check(inner, what, depth + 1);
                }
            }
        }
    }

    /** {@return the compaction's header}; etcd refuses a revision at or below the last compaction, or ahead */
    public Header compact(long revision, String what) {
        expireLeases();
        if (revision <= store.compacted()) {
            throw Refusal.of(what, GrpcCode.OUT_OF_RANGE, "etcdserver: mvcc: required revision has been compacted");
        }
        if (revision > store.revision()) {
            throw Refusal.of(what, GrpcCode.OUT_OF_RANGE, "etcdserver: mvcc: required revision is a future revision");
        }
        store.compact(revision);
        return header();
    }

    /** {@return the lease granted} */
    public Lease grant(long ttl, long id, String what) {
        expireLeases();
        if (ttl > Lessor.MAX_TTL) {
            throw Refusal.of(what, GrpcCode.OUT_OF_RANGE, "etcdserver: too large lease TTL");
        }
        Lessor.State s = lessor.grant(id, ttl);
        if (s == null) {
            throw Refusal.of(what, GrpcCode.FAILED_PRECONDITION, "etcdserver: lease already exists");
        }
        return new Lease(header(), s.id, Duration.ofSeconds(s.ttl));
    }

    /** {@return the header after revoking the lease and deleting its keys in one revision} */
    public Header revoke(long id, String what) {
        expireLeases();
        revoke(live(id, what));
        return header();
    }

    private void revoke(Lessor.State s) {
        lessor.remove(s.id);
        long at = store.revision() + 1;
        boolean changed = false;
        for (ByteSequence key : s.keys) {
            changed |= !store.delete(key, ByteSequence.EMPTY, at).isEmpty();
        }
        store.commit(changed);
    }

    /** {@return the lease renewed to its granted TTL} */
    public Lease keepAlive(long id, String what) {
        expireLeases();
        Lessor.State s = live(id, what);
        lessor.renew(s);
        return new Lease(header(), s.id, Duration.ofSeconds(s.ttl));
    }

    /** {@return the lease's status; an unknown lease is an error, as the gateway client reports TTL -1} */
    public LeaseStatus timeToLive(long id, boolean keys, String what) {
        expireLeases();
        Lessor.State s = live(id, what);
        return new LeaseStatus(header(), s.id, Duration.ofSeconds(lessor.remaining(s)), Duration.ofSeconds(s.ttl),
                keys ? new ArrayList<>(s.keys) : List.of());
    }

    /** {@return the ids of the live leases} */
    public List<Long> leases() {
        expireLeases();
        return lessor.ids();
    }

    private Lessor.State live(long id, String what) {
        Lessor.State s = lessor.get(id);
        if (s == null) {
            throw Refusal.of(what, GrpcCode.NOT_FOUND, "etcdserver: requested lease not found");
        }
        return s;
    }
}
