package dev.etcdj.v3.http.internal;

import dev.etcdj.http.internal.JsonText;
import dev.etcdj.v3.ByteSequence;
import dev.etcdj.v3.Compare;
import dev.etcdj.v3.KvOption;
import dev.etcdj.v3.Op;
import dev.etcdj.v3.spi.WatchRequest;
import java.util.Base64;
import java.util.List;

/**
 * Writes the gateway's request bodies: etcd's protobuf messages in the proto3 JSON mapping, with the
 * proto field names, bytes in base64, 64-bit integers as strings, and zero values left out (as etcd's
 * own marshaller does). The mirror of {@link GatewayDecoder}. Stateless.
 */
public final class GatewayJson {
    private final StringBuilder sb = new StringBuilder(128);
    private boolean first = true;

    GatewayJson() {
    }

    /** {@return the JSON written so far} */
    @Override
    public String toString() {
        return sb.toString();
    }

    /** {@return the gateway path of {@code op}: {@code /kv/range}, {@code /kv/put}, ...} */
    public static String path(Op op) {
        if (op instanceof Op.Get) {
            return "/kv/range";
        }
        if (op instanceof Op.Put) {
            return "/kv/put";
        }
        return op instanceof Op.Delete ? "/kv/deleterange" : "/kv/txn";
    }

    /** {@return the request body of {@code op}} */
    public static String encode(Op op) {
        GatewayJson w = new GatewayJson();
        w.op(op);
        return w.sb.toString();
    }

    /**
     * {@return an object of the given fields: names and values alternating; a {@code Long} is written as
     * a string and left out when 0, a {@code Boolean} left out when false}
     */
    public static String object(Object... fields) {
        GatewayJson w = new GatewayJson();
        w.open();
        for (int i = 0; i < fields.length; i += 2) {
            Object v = fields[i + 1];
            if (v instanceof Long l) {
                w.int64((String) fields[i], l);
            } else if (v instanceof Boolean b) {
                w.bool((String) fields[i], b);
            } else {
                w.text((String) fields[i], (String) v);
            }
        }
        w.close();
        return w.sb.toString();
    }

    /**
     * {@return the message that creates {@code r} with the id {@code watchId} (0: etcd's choice): a
     * {@code WatchRequest} with its {@code create_request}, for a WebSocket frame or a POST body}
     */
    public static String watchCreate(WatchRequest r, long watchId) {
        GatewayJson w = new GatewayJson();
        w.open();
        w.name("create_request");
        w.open();
        w.bytes("key", r.key());
        w.bytes("range_end", r.rangeEnd());
        w.int64("start_revision", r.startRevision());
        w.bool("progress_notify", r.progressNotify());
        if (r.noPut() || r.noDelete()) {
            w.name("filters");
            w.sb.append("[\"").append(r.noPut() ? "NOPUT" : "NODELETE").append("\"]");
        }
        w.bool("prev_kv", r.prevKv());
        w.int64("watch_id", watchId);
        w.bool("fragment", true);
        w.close();
        w.close();
        return w.sb.toString();
    }

    /** The WebSocket message asking for a progress note. */
    public static final String WATCH_PROGRESS = "{\"progress_request\":{}}";

    private void op(Op op) {
        open();
        if (op instanceof Op.Get g) {
            bytes("key", g.key());
            bytes("range_end", g.rangeEnd());
            int64("limit", g.limit());
            int64("revision", g.revision());
            if (g.sortOrder() != KvOption.SortOrder.NONE) {
                text("sort_order", g.sortOrder().name());
            }
            if (g.sortTarget() != KvOption.SortTarget.KEY) {
                text("sort_target", g.sortTarget().name());
            }
            bool("serializable", g.serializable());
            bool("keys_only", g.keysOnly());
            bool("count_only", g.countOnly());
            int64("min_mod_revision", g.minModRevision());
            int64("max_mod_revision", g.maxModRevision());
            int64("min_create_revision", g.minCreateRevision());
            int64("max_create_revision", g.maxCreateRevision());
        } else if (op instanceof Op.Put p) {
            bytes("key", p.key());
            bytes("value", p.value());
            int64("lease", p.lease());
            bool("prev_kv", p.prevKv());
            bool("ignore_value", p.ignoreValue());
            bool("ignore_lease", p.ignoreLease());
        } else if (op instanceof Op.Delete d) {
            bytes("key", d.key());
            bytes("range_end", d.rangeEnd());
            bool("prev_kv", d.prevKv());
        } else {
            Op.Txn t = (Op.Txn) op;
            name("compare");
            sb.append('[');
            for (int i = 0; i < t.compares().size(); i++) {
                sb.append(i == 0 ? "" : ",");
                compare(t.compares().get(i));
            }
            sb.append(']');
            branch("success", t.success());
            branch("failure", t.failure());
        }
        close();
    }

    private void compare(Compare c) {
        open();
        text("result", c.result().name());
        text("target", c.target().name());
        bytes("key", c.key());
        switch (c.target()) {
            case VERSION: int64("version", c.number()); break;
            case CREATE: int64("create_revision", c.number()); break;
            case MOD: int64("mod_revision", c.number()); break;
            case LEASE: int64("lease", c.number()); break;
            default:   // VALUE: an empty value is a value too, so it is always written
                name("value");
                sb.append('"').append(Base64.getEncoder().encodeToString(c.value().toByteArray())).append('"');
        }
        close();
    }

    private void branch(String name, List<Op> ops) {
        if (ops.isEmpty()) {
            return;
        }
        name(name);
        sb.append('[');
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            sb.append(i == 0 ? "{" : ",{");
            first = true;
            name(op instanceof Op.Get ? "request_range" : op instanceof Op.Put ? "request_put"
                    : op instanceof Op.Delete ? "request_delete_range" : "request_txn");
            op(op);
            sb.append('}');
        }
        sb.append(']');
        first = false;
    }

    void open() {
        sb.append('{');
        first = true;
    }

    void close() {
        sb.append('}');
        first = false;
    }

    void name(String name) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        sb.append('"').append(name).append("\":");
    }

    void bytes(String name, ByteSequence b) {
        if (!b.isEmpty()) {
            name(name);
            sb.append('"').append(Base64.getEncoder().encodeToString(b.toByteArray())).append('"');
        }
    }

    void int64(String name, long v) {
        if (v != 0) {
            name(name);
            sb.append('"').append(v).append('"');
        }
    }

    void bool(String name, boolean v) {
        if (v) {
            name(name);
            sb.append("true");
        }
    }

    void text(String name, String v) {
        name(name);
        JsonText.quote(sb, v);
    }

    /** Writes a field of strings. */
    void texts(String name, List<String> values) {
        name(name);
        JsonText.quoteAll(sb, values);
    }

    /** Writes a field of 64-bit unsigned ids, as strings, left out when 0. */
    void uint64(String name, long v) {
        if (v != 0) {
            name(name);
            sb.append('"').append(Long.toUnsignedString(v)).append('"');
        }
    }
}
