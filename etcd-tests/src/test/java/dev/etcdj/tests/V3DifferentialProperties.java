package dev.etcdj.tests;

import static dev.etcdj.v3.KvOption.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.testkit.EtcdProcess;
import dev.etcdj.testkit.FakeEtcdV3;
import dev.etcdj.v3.ByteSequence;
import dev.etcdj.v3.Compare;
import dev.etcdj.v3.DeleteResult;
import dev.etcdj.v3.EtcdV3;
import dev.etcdj.v3.EtcdV3ServerException;
import dev.etcdj.v3.KeyValue;
import dev.etcdj.v3.KvOption.SortOrder;
import dev.etcdj.v3.KvOption.SortTarget;
import dev.etcdj.v3.Lease;
import dev.etcdj.v3.LeaseStatus;
import dev.etcdj.v3.Op;
import dev.etcdj.v3.OpResult;
import dev.etcdj.v3.PutResult;
import dev.etcdj.v3.RangeResult;
import dev.etcdj.v3.TxnResult;
import dev.etcdj.v3.Watch;
import dev.etcdj.v3.WatchEvent;
import dev.etcdj.v3.http.GatewayAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random sequences of puts, deletes, reads (at past revisions, with limits and counts), transactions,
 * compactions and leases give the same answers on {@link FakeEtcdV3} and on a real etcd 3.5 of its own,
 * revisions compared relative to each store's start and lease ids by the order they were granted.
 */
class V3DifferentialProperties {
    /** One step: what to do, on which key, with which value and variant; interpreted against the state. */
    record Step(int kind, int key, int value, int variant, int back) {
    }

    static EtcdProcess real;

    @BeforeContainer
    static void start() {
        java.nio.file.Path binary = RealEtcd.etcd35().orElse(null);
        RealEtcd.require(binary != null, "no etcd 3.5 (ETCD35_BINARY, or tools/test's ~/.cache/etcdj/etcd-3.5)");
        real = EtcdProcess.start(binary);
    }

    @AfterContainer
    static void stop() {
        if (real != null) {
            real.close();
        }
    }

    /** One store under test: its client, its starting revision and the leases it granted, in order. */
    static final class Side {
        final EtcdV3 etcd;
        final long base;
        /** The last compaction's revision, 0 if none. */
        long compactedAt;
        final List<Long> leases = new ArrayList<>();

        Side(EtcdV3 etcd) {
            this.etcd = etcd;
            this.base = etcd.get(ByteSequence.of("\0"), fromKey(), countOnly()).header().revision();
            try {
                etcd.compact(base);   // both start compacted at their start: earlier tries compacted the real one
            } catch (dev.etcdj.v3.RevisionCompactedException alreadyThere) {
                // an earlier try compacted exactly here
            }
        }

        long rel(long revision) {
            return revision == 0 ? 0 : revision - base;
        }

        String lease(long id) {
            int i = leases.indexOf(id);
            return id == 0 ? "none" : i < 0 ? "unknown" : "lease#" + i;
        }
    }

    @Property(tries = 50)
    void theFakeAnswersAsEtcd35Does(@ForAll("steps") List<Step> steps) {
        String root = RealEtcd.unique("v3diff");
        try (EtcdV3 fakeClient = FakeEtcdV3.create().client();
             EtcdV3 realClient = EtcdV3.of(GatewayAdapter.newBuilder().endpoints(real.clientUrl()).build())) {
            Side fake = new Side(fakeClient);
            Side etcd = new Side(realClient);
            List<String> log = new ArrayList<>();
            for (Step step : steps) {
                String expected = run(etcd, step, root);
                String actual = run(fake, step, root);
                log.add(step + " -> " + expected);
                assertEquals(expected, actual, "after:\n" + String.join("\n", log));
            }
            assertEquals(history(etcd, root), history(fake, root), "the history a watch replays, after:\n" + String.join("\n", log));
        }
    }

    /**
     * {@return the changes a watch from the start, or from the last compaction, replays up to a last write,
     * as relative revisions}: what etcd kept through the compactions
     */
    static List<String> history(Side s, String root) {
        long end = s.etcd.put(ByteSequence.of(root + "/zz-end"), ByteSequence.of("end")).header().revision();
        List<String> out = new ArrayList<>();
        // from the last compaction, whose own revision's changes a watch still gets
        try (Watch w = s.etcd.watch(ByteSequence.of(root + "/"), prefix(), fromRevision(Math.max(s.base + 1, s.compactedAt)),
                prevKv())) {
            while (true) {
                WatchEvent e = w.poll(Duration.ofSeconds(10)).orElseThrow(() -> new AssertionError("the watch stopped: " + w));
                if (e instanceof WatchEvent.Compacted c) {
                    out.add("compacted @" + s.rel(c.compactRevision()));
                    return out;
                }
                if (e instanceof WatchEvent.Put p) {
                    out.add("put " + p.kv().key() + "=" + p.kv().value() + " @" + s.rel(p.revision()) + " v" + p.kv().version()
                            + " prev " + p.prev().map(kv -> kv.value() + " m" + s.rel(kv.modRevision())).orElse("-"));
                } else if (e instanceof WatchEvent.Delete d) {
                    out.add("delete " + d.key() + " @" + s.rel(d.revision())
                            + " prev " + d.prev().map(kv -> kv.value() + " m" + s.rel(kv.modRevision())).orElse("-"));
                }
                if (e.revision() >= end) {
                    return out;
                }
            }
        }
    }

    static String run(Side s, Step step, String root) {
        try {
            return describe(s, apply(s, step, root));
        } catch (EtcdV3ServerException e) {
            return "refused " + e.code() + ": " + e.serverMessage();
        }
    }

    static ByteSequence key(String root, int k) {
        return ByteSequence.of(root + "/k" + k);
    }

    static Object apply(Side s, Step st, String root) {
        ByteSequence key = key(root, st.key());
        ByteSequence value = ByteSequence.of("v" + st.value());
        long current = s.rel(s.etcd.get(ByteSequence.of(root)).header().revision());
        long past = s.base + Math.max(0, current - st.back());
        switch (st.kind()) {
            case 0:
            case 1:
                return st.variant() % 3 == 0 && !s.leases.isEmpty()
                        ? s.etcd.put(key, value, lease(s.leases.get(st.value() % s.leases.size())), prevKv())
                        : st.variant() % 2 == 0 ? s.etcd.put(key, value, prevKv()) : s.etcd.put(key, value);
            case 2:
                return st.variant() % 2 == 0 ? s.etcd.delete(key, prevKv())
                        : s.etcd.delete(ByteSequence.of(root + "/k"), prefix(), prevKv());
            case 3:
                switch (st.variant() % 5) {
                    case 0: return s.etcd.get(ByteSequence.of(root + "/"), prefix());
                    case 1: return s.etcd.get(ByteSequence.of(root + "/"), prefix(), limit(1 + st.value() % 3),
                            sort(SortTarget.KEY, SortOrder.DESCEND));
                    case 2: return s.etcd.get(ByteSequence.of(root + "/"), prefix(), atRevision(Math.max(1, past)));
                    case 3: return s.etcd.get(ByteSequence.of(root + "/"), prefix(), countOnly());
                    default: return s.etcd.get(key, keysOnly());
                }
            case 4: {
                Compare c = switch (st.variant() % 3) {
                    case 0 -> Compare.version(key, Compare.Result.EQUAL, 0);
                    case 1 -> Compare.value(key, Compare.Result.EQUAL, value);
                    default -> Compare.modRevision(key, Compare.Result.LESS, past);
                };
                ByteSequence other = key(root, (st.key() + 1) % 5);
                return s.etcd.txn().when(c)
                        .then(Op.put(key, value), Op.get(key), st.value() % 4 == 0 ? Op.put(key, value) : Op.delete(other, prevKv()))
                        .otherwise(Op.get(ByteSequence.of(root + "/"), prefix(), keysOnly()))
                        .commit();
            }
            case 5: {
                dev.etcdj.v3.Header h = s.etcd.compact(Math.max(1, past));
                s.compactedAt = Math.max(s.compactedAt, Math.max(1, past));
                return h;
            }
            case 6: {
                Lease l = s.etcd.grantLease(Duration.ofSeconds(60));
                s.leases.add(l.id());
                return l;
            }
            default:
                if (s.leases.isEmpty()) {
                    return s.etcd.get(key);
                }
                long id = s.leases.get(st.value() % s.leases.size());
                return st.variant() % 2 == 0 ? s.etcd.revokeLease(id) : s.etcd.leaseTimeToLive(id, true);
        }
    }

    static String describe(Side s, Object r) {
        if (r instanceof dev.etcdj.v3.Header h) {
            return "header@" + s.rel(h.revision());
        }
        if (r instanceof Lease l) {
            return s.lease(l.id()) + " ttl " + l.ttl() + " @" + s.rel(l.header().revision());
        }
        if (r instanceof LeaseStatus l) {
            return s.lease(l.id()) + " granted " + l.granted() + " keys " + l.keys().stream().sorted().toList();
        }
        return op(s, (OpResult) r);
    }

    static String op(Side s, OpResult r) {
        String at = "@" + s.rel(r.header().revision());
        Function<KeyValue, String> kv = k -> k.key() + "=" + k.value() + " c" + s.rel(k.createRevision()) + " m"
                + s.rel(k.modRevision()) + " v" + k.version() + " " + s.lease(k.lease());
        if (r instanceof RangeResult g) {
            return "range " + at + " " + g.kvs().stream().map(kv).toList() + " more=" + g.more() + " count=" + g.count();
        }
        if (r instanceof PutResult p) {
            return "put " + at + " prev=" + p.prevKv().map(kv).orElse("-");
        }
        if (r instanceof DeleteResult d) {
            return "delete " + at + " " + d.deleted() + " " + d.prevKvs().stream().map(kv).toList();
        }
        TxnResult t = (TxnResult) r;
        List<String> inner = new ArrayList<>();
        for (OpResult o : t.responses()) {
            inner.add(op(s, o).replaceFirst(" @\\d+", ""));   // etcd 3.5 fills an inner header's revision only on some
        }
        return "txn " + at + " " + t.succeeded() + " " + inner;
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 11),
                Arbitraries.integers().between(0, 6)).as(Step::new);
        return step.list().ofMinSize(5).ofMaxSize(30);
    }
}
