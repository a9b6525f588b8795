package dev.etcdj.examples;

import static dev.etcdj.examples.Tour.section;
import static dev.etcdj.examples.Tour.show;
import static dev.etcdj.v3.KvOption.*;

import dev.etcdj.testkit.FakeEtcdV3;
import dev.etcdj.v3.ByteSequence;
import dev.etcdj.v3.Compare;
import dev.etcdj.v3.EtcdV3;
import dev.etcdj.v3.KeyValue;
import dev.etcdj.v3.KvOption.SortOrder;
import dev.etcdj.v3.KvOption.SortTarget;
import dev.etcdj.v3.Lease;
import dev.etcdj.v3.Op;
import dev.etcdj.v3.PutResult;
import dev.etcdj.v3.RangeResult;
import dev.etcdj.v3.RevisionCompactedException;
import dev.etcdj.v3.Watch;
import dev.etcdj.v3.WatchEvent;
import dev.etcdj.v3.TxnResult;
import dev.etcdj.v3.http.GatewayAdapter;
import java.time.Duration;

/** The v3 part of the tour: on etcd's JSON gateway when {@code $ETCD_ENDPOINTS} is set, else on {@link FakeEtcdV3}. */
final class TourV3 {
    private TourV3() {
    }

    static void main(String endpoints) {
        if (endpoints != null && !endpoints.isBlank()) {
            try (EtcdV3 etcd = EtcdV3.of(GatewayAdapter.newBuilder().endpoints(endpoints.split(",")).build())) {
                run(etcd);
            }
            return;
        }
        try (EtcdV3 etcd = FakeEtcdV3.create().client()) {
            run(etcd);
        }
    }

    static void run(EtcdV3 etcd) {
        String root = "/etcdj-tour-v3/" + Long.toString(System.currentTimeMillis(), 36);

        section("10. etcd v3: revisions, ranges, a transaction, a lease, a watch");
        PutResult first = etcd.put(root + "/config/db", "postgres://db");
        etcd.put(root + "/config/pool", "16");
        show("put " + root.substring(root.lastIndexOf('/')) + "/config/db", "-> revision " + first.header().revision());
        RangeResult all = etcd.get(root + "/config/", prefix(), sort(SortTarget.KEY, SortOrder.ASCEND));
        for (KeyValue kv : all.kvs()) {
            show("  " + kv.key().asString().substring(root.length()), "= " + kv.value().asString()
                    + " (created at " + kv.createRevision() + ", version " + kv.version() + ")");
        }
        KeyValue db = etcd.get(root + "/config/db").first().orElseThrow();
        TxnResult cas = etcd.txn()
                .when(Compare.modRevision(db.key(), Compare.Result.EQUAL, db.modRevision()))
                .then(Op.put(db.key(), ByteSequence.of("postgres://db2")))
                .otherwise(Op.get(db.key()))
                .commit();
        show("txn if unchanged since " + db.modRevision(), "-> succeeded " + cas.succeeded());
        TxnResult stale = etcd.txn()
                .when(Compare.modRevision(db.key(), Compare.Result.EQUAL, db.modRevision()))
                .then(Op.put(db.key(), ByteSequence.of("postgres://db3")))
                .commit();
        show("the same txn again", "-> succeeded " + stale.succeeded());
        show("read at revision " + db.modRevision(), "-> " + etcd.get(root + "/config/db", atRevision(db.modRevision()))
                .first().orElseThrow().value().asString());
        etcd.compact(cas.header().revision());
        try {
            etcd.get(root + "/config/db", atRevision(db.modRevision()));
        } catch (RevisionCompactedException e) {
            show("after compaction", "-> " + e.getClass().getSimpleName() + ": " + e.serverMessage());
        }
        Lease lease = etcd.grantLease(Duration.ofSeconds(30));
        Watch watch = etcd.watch(root + "/service/", prefix());
        etcd.put(root + "/service/a", "up", lease(lease.id()));
        show("lease " + Long.toHexString(lease.id()), "-> ttl " + lease.ttl().toSeconds() + " s, keys "
                + etcd.leaseTimeToLive(lease.id(), true).keys().stream().map(ByteSequence::asString)
                        .map(k -> k.substring(root.length())).toList());
        etcd.revokeLease(lease.id());
        show("revoked", "-> " + etcd.get(root + "/service/", prefix(), countOnly()).count() + " keys left under /service/");
        try (watch) {
            for (int i = 0; i < 2; i++) {
                WatchEvent e = watch.poll(Duration.ofSeconds(5)).orElseThrow();
                show("watched", "-> " + e.getClass().getSimpleName() + " at revision " + e.revision());
            }
        }
        etcd.delete(root + "/", prefix());
    }
}
