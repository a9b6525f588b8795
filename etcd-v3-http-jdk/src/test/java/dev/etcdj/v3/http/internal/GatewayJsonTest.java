package dev.etcdj.v3.http.internal;

import static dev.etcdj.v3.KvOption.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.v3.ByteSequence;
import dev.etcdj.v3.Compare;
import dev.etcdj.v3.KvOption.SortOrder;
import dev.etcdj.v3.KvOption.SortTarget;
import dev.etcdj.v3.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request bodies, field by field, in the gateway's proto3 JSON. */
class GatewayJsonTest {
    static final ByteSequence K = ByteSequence.of("/k");

    @Test
    void aRangeWritesOnlyWhatIsSetBytesInBase64AndInt64AsStrings() {
        assertEquals("{\"key\":\"L2s=\"}", GatewayJson.encode(Op.get(K)));
        assertEquals("{\"key\":\"L2s=\",\"range_end\":\"L2w=\",\"limit\":\"5\",\"revision\":\"9\",\"sort_order\":\"DESCEND\","
                        + "\"sort_target\":\"MOD\",\"serializable\":true,\"count_only\":true,\"min_mod_revision\":\"2\"}",
                GatewayJson.encode(Op.get(K, prefix(), limit(5), atRevision(9), sort(SortTarget.MOD, SortOrder.DESCEND),
                        serializable(), countOnly(), modRevisions(2, 0))));
        assertEquals("/kv/range", GatewayJson.path(Op.get(K)));
    }

    @Test
    void aWatchCreationAsksForFragmentsAndNamesItsFilter() {
        assertEquals("{\"create_request\":{\"key\":\"L2s=\",\"fragment\":true}}",
                GatewayJson.watchCreate(new dev.etcdj.v3.spi.WatchRequest(K, ByteSequence.EMPTY, 0, false, false, false, false), 0));
        assertEquals("{\"create_request\":{\"key\":\"L2s=\",\"range_end\":\"L2w=\",\"start_revision\":\"12\","
                        + "\"progress_notify\":true,\"filters\":[\"NODELETE\"],\"prev_kv\":true,\"fragment\":true}}",
                GatewayJson.watchCreate(new dev.etcdj.v3.spi.WatchRequest(K, K.prefixEnd(), 12, true, false, true, true), 0));
    }

    @Test
    void putsAndDeletes() {
        assertEquals("{\"key\":\"L2s=\",\"value\":\"AP8=\",\"lease\":\"7\",\"prev_kv\":true}",
                GatewayJson.encode(Op.put(K, ByteSequence.of(new byte[] {0, (byte) 0xff}), lease(7), prevKv())));
        assertEquals("{\"key\":\"L2s=\",\"ignore_value\":true,\"ignore_lease\":true}",
                GatewayJson.encode(Op.put(K, ByteSequence.EMPTY, ignoreValue(), ignoreLease())));
        assertEquals("{\"key\":\"L2s=\",\"range_end\":\"AA==\",\"prev_kv\":true}", GatewayJson.encode(Op.delete(K, fromKey(), prevKv())));
        assertEquals("/kv/deleterange", GatewayJson.path(Op.delete(K)));
    }

    @Test
    void aTransactionNamesEachOperationAndComparison() {
        Op.Txn t = Op.txn(List.of(Compare.version(K, Compare.Result.EQUAL, 0),
                        Compare.value(K, Compare.Result.NOT_EQUAL, ByteSequence.EMPTY)),
                List.of(Op.put(K, ByteSequence.of("v")), Op.txn(List.of(), List.of(Op.get(K)), List.of())),
                List.of(Op.delete(K)));
        assertEquals("{\"compare\":[{\"result\":\"EQUAL\",\"target\":\"VERSION\",\"key\":\"L2s=\"},"
                + "{\"result\":\"NOT_EQUAL\",\"target\":\"VALUE\",\"key\":\"L2s=\",\"value\":\"\"}],"
                + "\"success\":[{\"request_put\":{\"key\":\"L2s=\",\"value\":\"dg==\"}},"
                + "{\"request_txn\":{\"compare\":[],\"success\":[{\"request_range\":{\"key\":\"L2s=\"}}]}}],"
                + "\"failure\":[{\"request_delete_range\":{\"key\":\"L2s=\"}}]}", GatewayJson.encode(t));
    }

    @Test
    void smallObjectsForLeasesAndCompaction() {
        assertEquals("{\"TTL\":\"30\"}", GatewayJson.object("TTL", 30L, "ID", 0L));
        assertEquals("{\"ID\":\"-5\",\"keys\":true}", GatewayJson.object("ID", -5L, "keys", true));
    }
}
