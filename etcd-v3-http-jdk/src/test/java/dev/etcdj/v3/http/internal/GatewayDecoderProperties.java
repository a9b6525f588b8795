package dev.etcdj.v3.http.internal;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.EtcdException;
import dev.etcdj.api.EtcdProtocolException;
import dev.etcdj.v3.ByteSequence;
import dev.etcdj.v3.EtcdV3ServerException;
import dev.etcdj.v3.GrpcCode;
import dev.etcdj.v3.Op;
import dev.etcdj.v3.RangeResult;
import dev.etcdj.v3.RevisionCompactedException;
import dev.etcdj.v3.TxnResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Answers as etcd sends them decode; damaged ones fail with typed exceptions only, never showing values. */
class GatewayDecoderProperties {
    static final ByteSequence K = ByteSequence.of("/k");
    static final Op.Txn TXN = Op.txn(List.of(), List.of(Op.get(K), Op.put(K, ByteSequence.of("v"))), List.of());

    /** Shapes etcd answers with (3.4 compact; 3.5's unstable spaces), from etcd-v3-gateway.md and live probes. */
    static final List<String> SAMPLES = List.of(
            "{\"header\":{\"cluster_id\":\"14841639068965178418\",\"member_id\":\"10276657743932975437\",\"revision\":\"5\","
                    + "\"raft_term\":\"2\"},\"kvs\":[{\"key\":\"L2s=\",\"create_revision\":\"2\",\"mod_revision\":\"5\","
                    + "\"version\":\"4\",\"value\":\"c2VjcmV0\"}],\"count\":\"1\"}",
            "{\"header\":{\"cluster_id\":\"14841639068965178418\", \"member_id\":\"10276657743932975437\", \"revision\":\"7\", "
                    + "\"raft_term\":\"2\"}, \"succeeded\":true, \"responses\":[{\"response_range\":{\"header\":{\"revision\":\"7\"},"
                    + " \"kvs\":[], \"count\":\"0\"}}, {\"response_put\":{\"header\":{\"revision\":\"7\"}}}]}",
            "{\"error\":\"etcdserver: mvcc: required revision has been compacted\",\"code\":11,"
                    + "\"message\":\"etcdserver: mvcc: required revision has been compacted\"}",
            "{\"code\":11, \"message\":\"etcdserver: mvcc: required revision is a future revision\", \"details\":[]}",
            "{\"result\":{\"header\":{\"cluster_id\":\"14841639068965178418\",\"revision\":\"5\"},\"events\":[{\"kv\":"
                    + "{\"key\":\"L2s=\",\"create_revision\":\"2\",\"mod_revision\":\"5\",\"version\":\"4\",\"value\":\"c2VjcmV0\"}},"
                    + "{\"type\":\"DELETE\",\"kv\":{\"key\":\"L2s=\",\"mod_revision\":\"5\"},\"prev_kv\":{\"key\":\"L2s=\","
                    + "\"value\":\"c2VjcmV0\"}}],\"fragment\":true}}",
            "{\"result\":{\"header\":{\"cluster_id\":\"14841639068965178418\"},\"watch_id\":\"-1\",\"canceled\":true,"
                    + "\"compact_revision\":\"5\",\"created\":true}}");

    @Example
    void aRangeDecodesWithUnsignedIdsAndOmittedZeros() {
        byte[] b = SAMPLES.get(0).getBytes(StandardCharsets.UTF_8);
        RangeResult r = (RangeResult) GatewayDecoder.result(Op.get(K), "range /k", b, b.length);
        assertEquals("14841639068965178418", Long.toUnsignedString(r.header().clusterId()));
        assertEquals(5, r.header().revision());
        assertEquals("secret", r.kvs().get(0).value().asString());
        assertEquals(0, r.kvs().get(0).lease(), "an omitted field is its zero value");
        assertFalse(r.more());
    }

    @Example
    void aTransactionsAnswersFollowItsOperations() {
        byte[] b = SAMPLES.get(1).getBytes(StandardCharsets.UTF_8);
        TxnResult t = (TxnResult) GatewayDecoder.result(TXN, "txn", b, b.length);
        assertTrue(t.succeeded());
        assertEquals(2, t.responses().size());
        assertEquals(7, t.responses().get(1).header().revision());
    }

    @Example
    void bothErrorShapesBecomeTheTypedException() {
        byte[] old = SAMPLES.get(2).getBytes(StandardCharsets.UTF_8);
        assertInstanceOf(RevisionCompactedException.class, GatewayDecoder.failure("range /k", 400, old, old.length));
        byte[] debian = SAMPLES.get(3).getBytes(StandardCharsets.UTF_8);
        EtcdV3ServerException e = (EtcdV3ServerException) GatewayDecoder.failure("range /k", 400, debian, debian.length);
        assertEquals(GrpcCode.OUT_OF_RANGE, e.code());
        assertEquals("range /k: OUT_OF_RANGE: etcdserver: mvcc: required revision is a future revision", e.getMessage());
        byte[] html = "<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8);
        EtcdProtocolException p = (EtcdProtocolException) GatewayDecoder.failure("range /k", 502, html, html.length);
        assertEquals("range /k: HTTP 502 without etcd's {\"code\",\"message\"} body (28 bytes)", p.getMessage());
    }

    @Example
    void aWrongShapeNamesThePathAndNotTheValue() {
        byte[] b = "{\"kvs\":[{\"key\":\"c2VjcmV0\",\"version\":\"s3cr3t\"}]}".getBytes(StandardCharsets.UTF_8);
        EtcdProtocolException e = assertThrows(EtcdProtocolException.class,
                () -> GatewayDecoder.result(Op.get(K), "range /k", b, b.length));
        assertEquals("range /k: $.kvs[0].version: expected a 64-bit integer but found a string", e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void aWatchAnswerGivesItsEventsAndAPutHasNoType() {
        byte[] b = SAMPLES.get(4).getBytes(StandardCharsets.UTF_8);
        GatewayDecoder.WatchReply r = GatewayDecoder.watchReply("watch /k", b, b.length);
        assertEquals(2, r.events().size());
        assertEquals(4, ((dev.etcdj.v3.WatchEvent.Put) r.events().get(0)).kv().version());
        dev.etcdj.v3.WatchEvent.Delete d = (dev.etcdj.v3.WatchEvent.Delete) r.events().get(1);
        assertEquals(5, d.revision());
        assertEquals("secret", d.prev().orElseThrow().value().asString());
        assertTrue(r.fragment());
        byte[] c = SAMPLES.get(5).getBytes(StandardCharsets.UTF_8);
        GatewayDecoder.WatchReply compacted = GatewayDecoder.watchReply("watch /k", c, c.length);
        assertEquals(-1, compacted.watchId());
        assertEquals(5, compacted.compactRevision());
        assertTrue(compacted.canceled());
    }

    @Property(tries = 1000)
    void damagedAnswersFailOnlyWithTypedExceptions(@ForAll("damaged") byte[] body, @ForAll("ops") Op op) {
        for (Runnable decode : List.<Runnable>of(
                () -> GatewayDecoder.result(op, "call", body, body.length),
                () -> GatewayDecoder.failure("call", 500, body, body.length),
                () -> GatewayDecoder.grant("call", body, body.length),
                () -> GatewayDecoder.keepAlive("call", 1, body, body.length),
                () -> GatewayDecoder.timeToLive("call", body, body.length),
                () -> GatewayDecoder.leases("call", body, body.length),
                () -> GatewayDecoder.watchReply("call", body, body.length))) {
            try {
                decode.run();
            } catch (EtcdException e) {
                assertFalse(e.getMessage().contains("secret") || e.getMessage().contains("c2VjcmV0"), e.getMessage());
            }
        }
    }

    @Provide
    Arbitrary<Op> ops() {
        return Arbitraries.of(Op.get(K), Op.put(K, ByteSequence.of("v")), Op.delete(K), TXN);
    }

    @Provide
    Arbitrary<byte[]> damaged() {
        Arbitrary<byte[]> sample = Arbitraries.of(SAMPLES).map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Combinators.combine(sample, Arbitraries.integers().between(0, 400), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 3)).as((b, at, value, kind) -> {
            int i = Math.min(at, b.length - 1);
            switch (kind) {
                case 0: return java.util.Arrays.copyOf(b, i);                              // cut short
                case 1: { byte[] c = b.clone(); c[i] = (byte) (int) value; return c; }          // one byte changed
                case 2: { byte[] c = b.clone(); c[i] = (byte) "\"{}[]:,0-".charAt(value % 9); return c; }
                default: return (new String(b, StandardCharsets.UTF_8).replace("\"5\"", "\"99999999999999999999\"")
                        .replace("true", "\"true\"")).getBytes(StandardCharsets.UTF_8);
            }
        });
    }
}
