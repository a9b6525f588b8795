package dev.etcdj.testkit.internal.v3;

import dev.etcdj.testkit.internal.GoJson;
import dev.etcdj.v3.Alarm;
import dev.etcdj.v3.AuthStatus;
import dev.etcdj.v3.ByteSequence;
import dev.etcdj.v3.ClusterMember;
import dev.etcdj.v3.DeleteResult;
import dev.etcdj.v3.EtcdV3ServerException;
import dev.etcdj.v3.Header;
import dev.etcdj.v3.KeyValue;
import dev.etcdj.v3.KvHash;
import dev.etcdj.v3.Lease;
import dev.etcdj.v3.LeaseStatus;
import dev.etcdj.v3.MemberStatus;
import dev.etcdj.v3.OpResult;
import dev.etcdj.v3.Permission;
import dev.etcdj.v3.PutResult;
import dev.etcdj.v3.RangeResult;
import dev.etcdj.v3.TxnResult;
import dev.etcdj.v3.WatchEvent;
import dev.etcdj.v3.spi.AdminCall;
import java.util.Base64;
import java.util.List;

/**
 * Answers as the gateway writes them ({@code JSONPb{OrigName:true}}): proto field names, 64-bit integers
 * as strings, bytes in base64, enums by name, zero values left out (a put event has no {@code type}, a
 * failed txn no {@code succeeded}); errors as 3.4's {@code {"error","code","message"}}.
 */
final class ProtoJsonOut {
    private final StringBuilder sb = new StringBuilder(256);
    private boolean first = true;

    private ProtoJsonOut open() {
        sb.append('{');
        first = true;
        return this;
    }

    private ProtoJsonOut close() {
        sb.append('}');
        first = false;
        return this;
    }

    private void name(String name) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        sb.append('"').append(name).append("\":");
    }

    private void int64(String name, long v) {
        if (v != 0) {
            name(name);
            sb.append('"').append(v).append('"');
        }
    }

    private void uint64(String name, long v) {
        if (v != 0) {
            name(name);
            sb.append('"').append(Long.toUnsignedString(v)).append('"');
        }
    }

    private void bool(String name, boolean v) {
        if (v) {
            name(name);
            sb.append("true");
        }
    }

    private void bytes(String name, ByteSequence b) {
        if (!b.isEmpty()) {
            name(name);
            sb.append('"').append(Base64.getEncoder().encodeToString(b.toByteArray())).append('"');
        }
    }

    private void text(String name, String v) {
        if (!v.isEmpty()) {
            name(name);
            GoJson.string(sb, v);
        }
    }

    private void header(Header h) {
        name("header");
        open();
        uint64("cluster_id", h.clusterId());
        uint64("member_id", h.memberId());
        int64("revision", h.revision());
        uint64("raft_term", h.raftTerm());
        close();
    }

    private void kv(String name, KeyValue kv) {
        name(name);
        kv0(kv);
    }

    private void kvs(String name, List<KeyValue> kvs) {
        array(name, kvs, this::kv0);
    }

    private void kv0(KeyValue kv) {
        open();
        bytes("key", kv.key());
        int64("create_revision", kv.createRevision());
        int64("mod_revision", kv.modRevision());
        int64("version", kv.version());
        bytes("value", kv.value());
        int64("lease", kv.lease());
        close();
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    /** {@return the body of a key-value answer} */
    static String result(OpResult r) {
        ProtoJsonOut w = new ProtoJsonOut().open();
        w.fields(r);
        return w.close().toString();
    }

    private void fields(OpResult r) {
        header(r.header());
        if (r instanceof RangeResult g) {
            kvs("kvs", g.kvs());
            bool("more", g.more());
            int64("count", g.count());
        } else if (r instanceof PutResult p) {
            p.prevKv().ifPresent(kv -> kv("prev_kv", kv));
        } else if (r instanceof DeleteResult d) {
            int64("deleted", d.deleted());
            kvs("prev_kvs", d.prevKvs());
        } else if (r instanceof TxnResult t) {
            bool("succeeded", t.succeeded());
            array("responses", t.responses(), inner -> {
                open();
                name(inner instanceof RangeResult ? "response_range" : inner instanceof PutResult ? "response_put"
                        : inner instanceof DeleteResult ? "response_delete_range" : "response_txn");
                open();
                fields(inner);
                close();
                close();
            });
        }
    }

    /** {@return an answer that is a header alone} */
    static String headerOnly(Header h) {
        ProtoJsonOut w = new ProtoJsonOut().open();
        w.header(h);
        return w.close().toString();
    }

    /** {@return a lease grant's or keep-alive's answer; TTL 0 is left out, which tells a keep-alive's lease is gone} */
    static String lease(Header h, long id, long ttlSeconds) {
        ProtoJsonOut w = new ProtoJsonOut().open();
        w.header(h);
        w.int64("ID", id);
        w.int64("TTL", ttlSeconds);
        return w.close().toString();
    }

    /** {@return a time-to-live answer; a lease that is gone has TTL -1} */
    static String timeToLive(LeaseStatus s) {
        ProtoJsonOut w = new ProtoJsonOut().open();
        w.header(s.header());
        w.int64("ID", s.id());
        w.int64("TTL", s.remaining().getSeconds());
        w.int64("grantedTTL", s.granted().getSeconds());
        w.array("keys", s.keys(), k -> w.sb.append('"').append(Base64.getEncoder().encodeToString(k.toByteArray())).append('"'));
        return w.close().toString();
    }

    /** {@return the lease list's answer} */
    static String leases(Header h, List<Long> ids) {
        ProtoJsonOut w = new ProtoJsonOut().open();
        w.header(h);
        w.array("leases", ids, id -> {
            w.open();
            w.int64("ID", id);
            w.close();
        });
        return w.close().toString();
    }

    /** {@return an authentication's answer} */
    static String token(Header h, String token) {
        ProtoJsonOut w = new ProtoJsonOut().open();
        w.header(h);
        w.text("token", token);
        return w.close().toString();
    }

    /**
     * {@return one {@code WatchResponse}}
     *
     * @param watchId the watch, -1 for a progress note asked for
     */
    static String watch(Header h, long watchId, boolean created, boolean canceled, long compactRevision, String reason,
                        List<WatchEvent> events) {
        ProtoJsonOut w = new ProtoJsonOut().open();
        w.header(h);
        w.int64("watch_id", watchId);
        w.bool("created", created);
        w.bool("canceled", canceled);
        w.int64("compact_revision", compactRevision);
        w.text("cancel_reason", reason);
        w.array("events", events, e -> {
            w.open();
            if (e instanceof WatchEvent.Put p) {
                w.kv("kv", p.kv());
                p.prev().ifPresent(kv -> w.kv("prev_kv", kv));
            } else if (e instanceof WatchEvent.Delete d) {
                w.text("type", "DELETE");
                w.name("kv");
                w.open();
                w.bytes("key", d.key());
                w.int64("mod_revision", d.revision());
                w.close();
                d.prev().ifPresent(kv -> w.kv("prev_kv", kv));
            }
            w.close();
        });
        return "{\"result\":" + w.close() + "}";
    }

    /** {@return etcd 3.4's error body for {@code e}} */
    static String error(EtcdV3ServerException e) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"error\":");
        GoJson.string(sb, e.serverMessage());
        sb.append(",\"code\":").append(e.code().ordinal()).append(",\"message\":");
        GoJson.string(sb, e.serverMessage());
        return sb.append('}').toString();
    }

    /** {@return the answer to a cluster, maintenance or auth call} */
    @SuppressWarnings("unchecked")
    static String admin(Header h, AdminCall<?> call, Object answer) {
        ProtoJsonOut w = new ProtoJsonOut().open();
        w.header(h);
        if (answer instanceof ClusterMember m) {
            w.name("member");
            w.member(m);
        } else if (call instanceof AdminCall.MemberList || call instanceof AdminCall.MemberRemove
                || call instanceof AdminCall.MemberUpdate || call instanceof AdminCall.MemberPromote) {
            w.array("members", (List<ClusterMember>) answer, w::member);
        } else if (answer instanceof MemberStatus s) {
            w.text("version", s.version());
            w.int64("dbSize", s.dbSize());
            w.uint64("leader", s.leader());
            w.uint64("raftIndex", s.raftIndex());
            w.uint64("raftTerm", s.raftTerm());
            w.uint64("raftAppliedIndex", s.raftAppliedIndex());
            w.texts("errors", s.errors());
            w.int64("dbSizeInUse", s.dbSizeInUse());
        } else if (call instanceof AdminCall.Alarms || call instanceof AdminCall.DisarmAlarm) {
            w.array("alarms", (List<Alarm>) answer, a -> {
                w.open();
                w.uint64("memberID", a.memberId());
                w.text("alarm", a.type().name());
                w.close();
            });
        } else if (answer instanceof KvHash k) {
            w.name("hash");
            w.sb.append(k.hash());
            w.int64("compact_revision", k.compactRevision());
            w.int64("hash_revision", k.hashRevision());
        } else if (answer instanceof AuthStatus a) {
            w.bool("enabled", a.enabled());
            w.uint64("authRevision", a.authRevision());
        } else if (call instanceof AdminCall.UserList) {
            w.texts("users", (List<String>) answer);
        } else if (call instanceof AdminCall.UserGet || call instanceof AdminCall.RoleList) {
            w.texts("roles", (List<String>) answer);
        } else if (call instanceof AdminCall.RoleGet) {
            w.array("perm", (List<Permission>) answer, p -> {
                w.open();
                if (p.type() != Permission.Type.READ) {
                    w.text("permType", p.type().name());
                }
                w.bytes("key", p.key());
                w.bytes("range_end", p.rangeEnd());
                w.close();
            });
        }
        return w.close().toString();
    }

    private void member(ClusterMember m) {
        open();
        uint64("ID", m.id());
        text("name", m.name());
        texts("peerURLs", m.peerUrls().stream().map(java.net.URI::toString).toList());
        texts("clientURLs", m.clientUrls().stream().map(java.net.URI::toString).toList());
        bool("isLearner", m.learner());
        close();
    }

    private void texts(String name, List<String> values) {
        array(name, values, v -> GoJson.string(sb, v));
    }

    private <T> void array(String name, List<T> items, java.util.function.Consumer<T> each) {
        if (items.isEmpty()) {
            return;
        }
        name(name);
        sb.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            each.accept(items.get(i));
        }
        sb.append(']');
        first = false;
    }
}
