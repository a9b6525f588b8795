package dev.etcdj.v3.http.internal;

import dev.etcdj.api.EtcdProtocolException;
import dev.etcdj.v3.ByteSequence;
import dev.etcdj.v3.DeleteResult;
import dev.etcdj.v3.EtcdV3ServerException;
import dev.etcdj.v3.GrpcCode;
import dev.etcdj.v3.Header;
import dev.etcdj.v3.KeyValue;
import dev.etcdj.v3.Lease;
import dev.etcdj.v3.LeaseNotFoundException;
import dev.etcdj.v3.LeaseStatus;
import dev.etcdj.v3.Op;
import dev.etcdj.v3.OpResult;
import dev.etcdj.v3.PutResult;
import dev.etcdj.v3.RangeResult;
import dev.etcdj.v3.TxnResult;
import dev.etcdj.v3.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the gateway's answers into results, and its error bodies into exceptions: both shapes etcd
 * sends ({@code {"error","code","message"}} from 3.4, {@code {"code","message"}} from Debian's 3.5 and
 * 3.6), and stream chunks ({@code {"result":...}} or {@code {"error":...}}). Anything else is an
 * {@link EtcdProtocolException}. The mirror of {@link GatewayJson}. Stateless.
 */
public final class GatewayDecoder {
    private GatewayDecoder() {
    }

    /**
     * {@return the result of {@code op} from a 2xx body}
     *
     * @param op the operation sent
     * @param what the call, for messages
     * @param body the body
     * @param length its length
     */
    public static OpResult result(Op op, String what, byte[] body, int length) {
        return result(op, GatewayTree.parse(body, length, what), new Header(0, 0, 0, 0));
    }

    /** {@code outer}: the header to use when the answer has none (one inside a transaction). */
    private static OpResult result(Op op, GatewayTree t, Header outer) {
        Header h = header(t, outer);
        if (op instanceof Op.Get) {
            List<KeyValue> kvs = new ArrayList<>();
            for (GatewayTree kv : t.list("kvs")) {
                kvs.add(keyValue(kv));
            }
            return new RangeResult(h, kvs, t.bool("more"), t.int64("count"));
        }
        if (op instanceof Op.Put) {
            GatewayTree prev = t.optional("prev_kv");
            return new PutResult(h, prev == null ? Optional.empty() : Optional.of(keyValue(prev)));
        }
        if (op instanceof Op.Delete) {
            List<KeyValue> prev = new ArrayList<>();
            for (GatewayTree kv : t.list("prev_kvs")) {
                prev.add(keyValue(kv));
            }
            return new DeleteResult(h, t.int64("deleted"), prev);
        }
        Op.Txn txn = (Op.Txn) op;
        boolean succeeded = t.bool("succeeded");
        List<Op> ran = succeeded ? txn.success() : txn.failure();
        List<GatewayTree> responses = t.list("responses");
        if (responses.size() != ran.size()) {
            throw new EtcdProtocolException(t.path() + ".responses: " + responses.size() + " answers to "
                    + ran.size() + " operations", 0, null);
        }
        List<OpResult> out = new ArrayList<>();
        for (int i = 0; i < ran.size(); i++) {
            Op inner = ran.get(i);
            String field = inner instanceof Op.Get ? "response_range" : inner instanceof Op.Put ? "response_put"
                    : inner instanceof Op.Delete ? "response_delete_range" : "response_txn";
            GatewayTree r = responses.get(i).optional(field);
            if (r == null) {
                throw new EtcdProtocolException(responses.get(i).path() + ": no \"" + field + "\" for the "
                        + (i + 1) + ". operation", 0, null);
            }
            out.add(result(inner, r, h));
        }
        return new TxnResult(h, succeeded, out);
    }

    static Header header(GatewayTree t) {
        return header(t, new Header(0, 0, 0, 0));
    }

    private static Header header(GatewayTree t, Header absent) {
        GatewayTree h = t.optional("header");
        if (h == null) {
            return absent;
        }
        return new Header(h.uint64("cluster_id"), h.uint64("member_id"), h.int64("revision"), h.uint64("raft_term"));
    }

    static KeyValue keyValue(GatewayTree kv) {
        return new KeyValue(kv.bytes("key"), kv.bytes("value"), kv.int64("create_revision"), kv.int64("mod_revision"),
                kv.int64("version"), kv.int64("lease"));
    }

    /**
     * {@return the header of an answer that carries only one (compaction, revoke)}
     *
     * @param what the call
     * @param body the body
     * @param length its length
     */
    public static Header headerOnly(String what, byte[] body, int length) {
        return header(GatewayTree.parse(body, length, what));
    }

    /**
     * {@return a granted lease; etcd reports a refused grant in its {@code error} field}
     *
     * @param what the call
     * @param body the body
     * @param length its length
     */
    public static Lease grant(String what, byte[] body, int length) {
        GatewayTree t = GatewayTree.parse(body, length, what);
        String error = t.text("error");
        if (!error.isEmpty()) {
            throw EtcdV3ServerException.of(what, GrpcCode.UNKNOWN, error, 200);
        }
        return new Lease(header(t), t.int64("ID"), Duration.ofSeconds(t.int64("TTL")));
    }

    /**
     * {@return the renewed lease from a keepalive stream's first chunk; a chunk without TTL means the lease
     * is gone, which is a failure, never a renewal}
     *
     * @param what the call
     * @param id the lease renewed
     * @param body the body
     * @param length its length
     */
    public static Lease keepAlive(String what, long id, byte[] body, int length) {
        GatewayTree r = streamResult(what, firstChunk(what, body, length));
        long ttl = r.int64("TTL");
        if (ttl <= 0) {
            throw new LeaseNotFoundException(what, "etcdserver: requested lease not found", 200);
        }
        return new Lease(header(r), r.int64("ID"), Duration.ofSeconds(ttl));
    }

    /**
     * {@return a lease's status; TTL -1 means it does not exist}
     *
     * @param what the call
     * @param body the body
     * @param length its length
     */
    public static LeaseStatus timeToLive(String what, byte[] body, int length) {
        GatewayTree t = GatewayTree.parse(body, length, what);
        long ttl = t.int64("TTL");
        if (ttl < 0) {
            throw new LeaseNotFoundException(what, "etcdserver: requested lease not found", 200);
        }
        List<ByteSequence> keys = new ArrayList<>();
        for (GatewayTree k : t.list("keys")) {
            keys.add(k.asBytes());
        }
        return new LeaseStatus(header(t), t.int64("ID"), Duration.ofSeconds(ttl), Duration.ofSeconds(t.int64("grantedTTL")), keys);
    }

    /**
     * {@return the token of an authentication}
     *
     * @param what the call
     * @param body the body
     * @param length its length
     */
    public static String token(String what, byte[] body, int length) {
        GatewayTree t = GatewayTree.parse(body, length, what);
        String token = t.text("token");
        if (token.isEmpty()) {
            throw new EtcdProtocolException(t.path() + ": an authentication answered without a token", 0, null);
        }
        return token;
    }

    /**
     * {@return the ids of a lease list}
     *
     * @param what the call
     * @param body the body
     * @param length its length
     */
    public static List<Long> leases(String what, byte[] body, int length) {
        List<Long> out = new ArrayList<>();
        for (GatewayTree l : GatewayTree.parse(body, length, what).list("leases")) {
            out.add(l.int64("ID"));
        }
        return out;
    }

    /**
     * {@return the exception for a non-2xx answer: etcd's code and message, or a protocol error for a body
     * that is not etcd's}
     *
     * @param what the call
     * @param status the HTTP status
     * @param body the body
     * @param length its length
     */
    public static RuntimeException failure(String what, int status, byte[] body, int length) {
        GatewayTree t;
        try {
            t = GatewayTree.parse(body, length, what);
            if (t.has("code") && (t.has("message") || t.has("error"))) {
                String message = t.has("message") ? t.text("message") : t.text("error");
                return EtcdV3ServerException.of(what, GrpcCode.of((int) t.int64("code")), message, status);
            }
        } catch (EtcdProtocolException e) {
            return new EtcdProtocolException(what + ": HTTP " + status + " without etcd's {\"code\",\"message\"} body ("
                    + length + " bytes)", status, e);
        }
        return new EtcdProtocolException(what + ": HTTP " + status + " without etcd's {\"code\",\"message\"} body ("
                + length + " bytes)", status, null);
    }

    /**
     * One answer on a watch stream ({@code WatchResponse}).
     *
     * @param header its header
     * @param watchId the watch it is for; -1 for a progress note asked for
     * @param created whether it answers the creation
     * @param canceled whether etcd ended the watch
     * @param compactRevision with {@code canceled}: the compaction that ended it, or 0
     * @param cancelReason with {@code canceled}: why, or empty
     * @param fragment whether more of the same answer follows
     * @param events the changes
     */
    public record WatchReply(Header header, long watchId, boolean created, boolean canceled, long compactRevision,
                             String cancelReason, boolean fragment, List<WatchEvent> events) {
    }

    /**
     * {@return a watch stream's message: {@code {"result":WatchResponse}}, or {@code {"error":...}} thrown as
     * etcd's failure}
     *
     * @param what the call
     * @param message the message's UTF-8 bytes
     * @param length their length
     */
    public static WatchReply watchReply(String what, byte[] message, int length) {
        GatewayTree r = streamResult(what, GatewayTree.parse(message, length, what));
        List<WatchEvent> events = new ArrayList<>();
        for (GatewayTree e : r.list("events")) {
            GatewayTree kv = e.optional("kv");
            if (kv == null) {
                throw new EtcdProtocolException(e.path() + ": an event without \"kv\"", 0, null);
            }
            GatewayTree prev = e.optional("prev_kv");
            Optional<KeyValue> before = prev == null ? Optional.empty() : Optional.of(keyValue(prev));
            String type = e.has("type") ? e.text("type") : "PUT";
            if (type.equals("PUT")) {
                events.add(new WatchEvent.Put(keyValue(kv), before));
            } else if (type.equals("DELETE")) {
                events.add(new WatchEvent.Delete(kv.bytes("key"), kv.int64("mod_revision"), before));
            } else {
                throw new EtcdProtocolException(e.path() + ".type: neither PUT nor DELETE", 0, null);
            }
        }
        return new WatchReply(header(r), r.int64("watch_id"), r.bool("created"), r.bool("canceled"),
                r.int64("compact_revision"), r.text("cancel_reason"), r.bool("fragment"), events);
    }

    private static GatewayTree firstChunk(String what, byte[] body, int length) {
        int start = 0;
        while (start < length && (body[start] == '\n' || body[start] == '\r' || body[start] == ' ')) {
            start++;
        }
        int end = start;
        while (end < length && body[end] != '\n') {
            end++;
        }
        if (end == start) {
            throw new EtcdProtocolException(what + ": the stream ended without an answer", 0, null);
        }
        byte[] chunk = java.util.Arrays.copyOfRange(body, start, end);
        return GatewayTree.parse(chunk, chunk.length, what);
    }

    /** {@return a stream message's {@code result}}, or throws its {@code error} as etcd's failure */
    private static GatewayTree streamResult(String what, GatewayTree chunk) {
        GatewayTree error = chunk.optional("error");
        if (error != null) {
            throw streamError(what, error);
        }
        GatewayTree r = chunk.optional("result");
        if (r == null) {
            throw new EtcdProtocolException(chunk.path() + ": neither \"result\" nor \"error\"", 0, null);
        }
        return r;
    }

    private static RuntimeException streamError(String what, GatewayTree e) {
        long code = e.has("grpc_code") ? e.int64("grpc_code") : e.int64("code");
        return EtcdV3ServerException.of(what, GrpcCode.of((int) code), e.text("message"), (int) e.int64("http_code"));
    }
}
