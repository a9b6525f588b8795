package dev.etcdj.tests;

import static dev.etcdj.v3.KvOption.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.v3.ByteSequence;
import dev.etcdj.v3.Compare;
import dev.etcdj.v3.Compare.Result;
import dev.etcdj.v3.DeleteResult;
import dev.etcdj.v3.EtcdV3;
import dev.etcdj.v3.EtcdV3ServerException;
import dev.etcdj.v3.FutureRevisionException;
import dev.etcdj.v3.GrpcCode;
import dev.etcdj.v3.KeyValue;
import dev.etcdj.v3.KvOption.SortOrder;
import dev.etcdj.v3.KvOption.SortTarget;
import dev.etcdj.v3.Lease;
import dev.etcdj.v3.LeaseEnd;
import dev.etcdj.v3.LeaseKeepAlive;
import dev.etcdj.v3.LeaseNotFoundException;
import dev.etcdj.v3.LeaseStatus;
import dev.etcdj.v3.Op;
import dev.etcdj.v3.PutResult;
import dev.etcdj.v3.RangeResult;
import dev.etcdj.v3.RevisionCompactedException;
import dev.etcdj.v3.TxnResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every v3 key-value and lease call, with what etcd answers; run on each server by a subclass. */
abstract class V3KvSuite {
    EtcdV3 etcd;
    String root;

    abstract EtcdV3 client();

    @BeforeEach
    void open() {
        etcd = client();
        root = RealEtcd.unique("v3");
    }

    @AfterEach
    void closeClient() {
        etcd.close();
    }

    static ByteSequence b(String s) {
        return ByteSequence.of(s);
    }

    static List<String> keys(RangeResult r) {
        return r.kvs().stream().map(kv -> kv.key().asString()).toList();
    }

    @Test
    void putThenGetGivesTheValueWithItsRevisionsAndVersion() {
        PutResult first = etcd.put(root + "/a", "1");
        PutResult second = etcd.put(root + "/a", "2", prevKv());
        assertTrue(second.header().revision() > first.header().revision());
        KeyValue prev = second.prevKv().orElseThrow();
        assertEquals("1", prev.value().asString());
        KeyValue kv = etcd.get(root + "/a").first().orElseThrow();
        assertEquals("2", kv.value().asString());
        assertEquals(first.header().revision(), kv.createRevision());
        assertEquals(second.header().revision(), kv.modRevision());
        assertEquals(2, kv.version());
        assertEquals(0, kv.lease());
        assertTrue(etcd.get(root + "/missing").kvs().isEmpty());
        assertEquals(0, etcd.get(root + "/missing").count());
    }

    @Test
    void bytesGoThroughUnchanged() {
        ByteSequence key = ByteSequence.of(new byte[] {'/', 'x', 0, (byte) 0xff, '"', '\n'});
        ByteSequence value = ByteSequence.of(new byte[] {0, 1, (byte) 0x80, (byte) 0xfe});
        etcd.put(key, value);
        assertEquals(value, etcd.get(key).first().orElseThrow().value());
        assertEquals(1, etcd.delete(key).deleted());
    }

    @Test
    void rangesByPrefixEndAndFromKeyWithLimitSortAndCounts() {
        for (String k : List.of("c", "a", "b", "d")) {
            etcd.put(root + "/r/" + k, k.toUpperCase());
        }
        etcd.put(root + "/s", "outside");
        RangeResult all = etcd.get(root + "/r/", prefix());
        assertEquals(List.of(root + "/r/a", root + "/r/b", root + "/r/c", root + "/r/d"), keys(all));
        assertEquals(4, all.count());
        assertFalse(all.more());
        RangeResult two = etcd.get(root + "/r/", prefix(), limit(2));
        assertEquals(2, two.kvs().size());
        assertTrue(two.more());
        assertEquals(4, two.count(), "the count ignores the limit");
        assertEquals(List.of(root + "/r/b", root + "/r/c"), keys(etcd.get(root + "/r/b", rangeEnd(b(root + "/r/d")))));
        assertEquals(List.of(root + "/r/d", root + "/r/c", root + "/r/b", root + "/r/a"),
                keys(etcd.get(root + "/r/", prefix(), sort(SortTarget.KEY, SortOrder.DESCEND))));
        assertEquals(List.of(root + "/r/c", root + "/r/a", root + "/r/b", root + "/r/d"),
                keys(etcd.get(root + "/r/", prefix(), sort(SortTarget.CREATE, SortOrder.ASCEND))));
        assertTrue(keys(etcd.get(root + "/r/c", fromKey())).containsAll(List.of(root + "/r/c", root + "/r/d", root + "/s")));
        RangeResult keysOnly = etcd.get(root + "/r/", prefix(), keysOnly());
        assertTrue(keysOnly.kvs().stream().allMatch(kv -> kv.value().isEmpty()));
        RangeResult count = etcd.get(root + "/r/", prefix(), countOnly());
        assertEquals(4, count.count());
        assertTrue(count.kvs().isEmpty());
        assertEquals(4, etcd.get(root + "/r/", prefix(), serializable()).count());
    }

    @Test
    void readsAtPastRevisionsAndRevisionFilters() {
        long r1 = etcd.put(root + "/h", "1").header().revision();
        long r2 = etcd.put(root + "/h", "2").header().revision();
        etcd.put(root + "/h2", "x");
        assertEquals("1", etcd.get(root + "/h", atRevision(r1)).first().orElseThrow().value().asString());
        assertEquals("2", etcd.get(root + "/h", atRevision(r2)).first().orElseThrow().value().asString());
        assertEquals(List.of(root + "/h"), keys(etcd.get(root + "/h", prefix(), modRevisions(0, r2))));
        assertEquals(List.of(root + "/h2"), keys(etcd.get(root + "/h", prefix(), createRevisions(r2 + 1, 0))));
        long now = etcd.get(root + "/h").header().revision();
        FutureRevisionException future = assertThrows(FutureRevisionException.class,
                () -> etcd.get(root + "/h", atRevision(now + 1000)));
        assertEquals(GrpcCode.OUT_OF_RANGE, future.code());
        assertTrue(future.serverMessage().contains("future revision"), future.getMessage());
    }

    @Test
    void deleteOneOrARangeWithThePreviousValues() {
        etcd.put(root + "/d/1", "a");
        etcd.put(root + "/d/2", "b");
        etcd.put(root + "/d3", "c");
        DeleteResult one = etcd.delete(root + "/d3", prevKv());
        assertEquals(1, one.deleted());
        assertEquals("c", one.prevKvs().get(0).value().asString());
        DeleteResult range = etcd.delete(root + "/d/", prefix(), prevKv());
        assertEquals(2, range.deleted());
        assertEquals(List.of("a", "b"), range.prevKvs().stream().map(kv -> kv.value().asString()).toList());
        assertEquals(0, etcd.delete(root + "/d/", prefix()).deleted());
    }

    @Test
    void transactionsRunTheBranchTheirComparisonsChoose() {
        ByteSequence key = b(root + "/t");
        TxnResult created = etcd.txn().when(Compare.version(key, Result.EQUAL, 0))
                .then(Op.put(key, b("first")), Op.get(key)).otherwise(Op.get(key)).commit();
        assertTrue(created.succeeded());
        assertEquals(2, created.responses().size());
        RangeResult inTxn = (RangeResult) created.responses().get(1);
        assertEquals("first", inTxn.first().orElseThrow().value().asString(), "a txn's read sees its own write");
        TxnResult again = etcd.txn().when(Compare.version(key, Result.EQUAL, 0))
                .then(Op.put(key, b("second"))).otherwise(Op.get(key)).commit();
        assertFalse(again.succeeded());
        assertEquals("first", ((RangeResult) again.responses().get(0)).first().orElseThrow().value().asString());
        KeyValue kv = etcd.get(key).first().orElseThrow();
        TxnResult swapped = etcd.txn()
                .when(Compare.modRevision(key, Result.EQUAL, kv.modRevision()), Compare.value(key, Result.EQUAL, b("first")),
                        Compare.createRevision(key, Result.LESS, kv.modRevision() + 1), Compare.lease(key, Result.EQUAL, 0))
                .then(Op.put(key, b("swapped"), prevKv()), Op.delete(b(root + "/nothing")),
                        Op.txn(List.of(), List.of(Op.get(key, keysOnly())), List.of()))
                .commit();
        assertTrue(swapped.succeeded());
        assertEquals("first", ((PutResult) swapped.responses().get(0)).prevKv().orElseThrow().value().asString());
        assertEquals(0, ((DeleteResult) swapped.responses().get(1)).deleted());
        TxnResult nested = (TxnResult) swapped.responses().get(2);
        assertTrue(nested.succeeded());
        assertEquals(key, ((RangeResult) nested.responses().get(0)).first().orElseThrow().key());
        assertEquals("swapped", etcd.get(key).first().orElseThrow().value().asString());
        TxnResult empty = etcd.txn().commit();
        assertTrue(empty.succeeded(), "a transaction without comparisons succeeds");
    }

    @Test
    void aTransactionThatWritesOneKeyTwiceIsRefusedByEtcd() {
        ByteSequence key = b(root + "/dup");
        EtcdV3ServerException e = assertThrows(EtcdV3ServerException.class,
                () -> etcd.txn().then(Op.put(key, b("1")), Op.put(key, b("2"))).commit());
        assertEquals(GrpcCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.serverMessage().contains("duplicate key"), e.getMessage());
        assertEquals(400, e.httpStatus());
    }

    @Test
    void compactionDropsOldRevisions() {
        long r1 = etcd.put(root + "/c", "1").header().revision();
        long r2 = etcd.put(root + "/c", "2").header().revision();
        etcd.compact(r2);
        RevisionCompactedException e = assertThrows(RevisionCompactedException.class,
                () -> etcd.get(root + "/c", atRevision(r1)));
        assertEquals(GrpcCode.OUT_OF_RANGE, e.code());
        assertEquals("2", etcd.get(root + "/c", atRevision(r2)).first().orElseThrow().value().asString());
        assertThrows(RevisionCompactedException.class, () -> etcd.compact(r1), "compacting again below is refused");
    }

    @Test
    void leasesAreGrantedRenewedListedAndRevokedWithTheirKeys() {
        Lease lease = etcd.grantLease(Duration.ofSeconds(30));
        assertNotEquals(0, lease.id());
        assertEquals(Duration.ofSeconds(30), lease.ttl());
        etcd.put(root + "/l/a", "1", lease(lease.id()));
        etcd.put(root + "/l/b", "2", lease(lease.id()));
        assertEquals(lease.id(), etcd.get(root + "/l/a").first().orElseThrow().lease());
        LeaseStatus status = etcd.leaseTimeToLive(lease.id(), true);
        assertEquals(Duration.ofSeconds(30), status.granted());
        assertTrue(status.remaining().getSeconds() > 20 && status.remaining().getSeconds() <= 30, status.toString());
        assertEquals(List.of(b(root + "/l/a"), b(root + "/l/b")), status.keys().stream().sorted().toList());
        assertTrue(etcd.leases().contains(lease.id()));
        assertEquals(Duration.ofSeconds(30), etcd.keepAliveOnce(lease.id()).ttl());
        etcd.put(root + "/l/a", "kept lease", ignoreLease());
        assertEquals(lease.id(), etcd.get(root + "/l/a").first().orElseThrow().lease());
        long revoked = etcd.revokeLease(lease.id()).revision();
        assertEquals(0, etcd.get(root + "/l/", prefix()).count(), "revoking deletes the lease's keys");
        assertTrue(revoked > 0);
        assertThrows(LeaseNotFoundException.class, () -> etcd.keepAliveOnce(lease.id()), "a lost lease is never renewed");
        assertThrows(LeaseNotFoundException.class, () -> etcd.leaseTimeToLive(lease.id(), false));
        assertThrows(LeaseNotFoundException.class, () -> etcd.revokeLease(lease.id()));
        assertThrows(LeaseNotFoundException.class, () -> etcd.put(root + "/l/c", "x", lease(lease.id())));
        assertFalse(etcd.leases().contains(lease.id()));
    }

    @Test
    void ignoreValueChangesOnlyTheLease() {
        etcd.put(root + "/iv", "value");
        Lease lease = etcd.grantLease(Duration.ofSeconds(30));
        etcd.put(b(root + "/iv"), ByteSequence.EMPTY, lease(lease.id()), ignoreValue());
        KeyValue kv = etcd.get(root + "/iv").first().orElseThrow();
        assertEquals("value", kv.value().asString());
        assertEquals(lease.id(), kv.lease());
        etcd.revokeLease(lease.id());
    }

    @Test
    void aGrantBelowTheMinimumIsRaisedToIt() {
        Lease lease = etcd.grantLease(Duration.ofSeconds(1));
        assertEquals(Duration.ofSeconds(2), lease.ttl(), "etcd's minimum with its default timings");
        etcd.revokeLease(lease.id());
    }

    @Test
    void aKeepAliveKeepsTheKeysPastTheirTtlUntilItIsClosed() throws Exception {
        Lease lease = etcd.grantLease(Duration.ofSeconds(2));
        etcd.put(root + "/ka/a", "alive", lease(lease.id()));
        try (LeaseKeepAlive alive = etcd.keepAlive(lease.id())) {
            Thread.sleep(3_500);
            assertEquals(1, etcd.get(root + "/ka/", prefix()).count(), "kept past its 2 s");
            assertFalse(alive.isEnded());
            alive.close();
            assertEquals(new LeaseEnd.Closed(lease.id()), alive.ended().get(5, TimeUnit.SECONDS));
        }
        etcd.revokeLease(lease.id());
    }

    @Test
    void aKeepAliveOfARevokedLeaseEndsLostNeverSilently() throws Exception {
        Lease lease = etcd.grantLease(Duration.ofSeconds(3));
        try (LeaseKeepAlive alive = etcd.keepAlive(lease.id())) {
            etcd.revokeLease(lease.id());
            LeaseEnd end = alive.ended().get(5, TimeUnit.SECONDS);
            LeaseEnd.Lost lost = assertInstanceOf(LeaseEnd.Lost.class, end);
            assertInstanceOf(LeaseNotFoundException.class, lost.cause());
            assertEquals(lease.id(), lost.id());
        }
        assertThrows(LeaseNotFoundException.class, () -> etcd.keepAlive(lease.id()), "an unknown lease fails at once");
    }

    @Test
    void closingTheClientEndsItsKeepAlives() throws Exception {
        Lease lease = etcd.grantLease(Duration.ofSeconds(30));
        LeaseKeepAlive alive = etcd.withTimeout(Duration.ofSeconds(5)).keepAlive(lease.id());
        etcd.revokeLease(lease.id());   // its keep-alive would see it lost within 10 s; the close comes first
        etcd.close();
        assertEquals(new LeaseEnd.Closed(lease.id()), alive.ended().getNow(null), "ended by the time close returns");
        assertTrue(alive.toString().contains("Closed"), alive.toString());
    }
}
