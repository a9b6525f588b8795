package dev.etcdj.testkit.internal.v3;

import dev.etcdj.testkit.internal.GoJsonReader;
import dev.etcdj.v3.Alarm;
import dev.etcdj.v3.ByteSequence;
import dev.etcdj.v3.Compare;
import dev.etcdj.v3.KvOption;
import dev.etcdj.v3.Op;
import dev.etcdj.v3.Permission;
import dev.etcdj.v3.spi.AdminCall;
import dev.etcdj.v3.spi.WatchRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A request body as the gateway reads it (proto3 JSON, {@code allowUnknownFields}): a field left out is
 * its zero value, integers come as strings or numbers, bytes as base64, enums as names or numbers, and
 * lowerCamel names are taken as well as the proto's. A value of the wrong shape is
 * {@link IllegalArgumentException}, which the fake answers as the gateway does, 400.
 */
final class ProtoJsonIn {
    private final Map<?, ?> fields;

    private ProtoJsonIn(Map<?, ?> fields) {
        this.fields = fields;
    }

    static ProtoJsonIn parse(String body) {
        Object tree;
        try {
            tree = GoJsonReader.parse(body.isBlank() ? "{}" : body);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the request body is not JSON: " + e.getMessage(), e);
        }
        return of(tree, "the request");
    }

    private static ProtoJsonIn of(Object tree, String what) {
        if (!(tree instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
        return new ProtoJsonIn(m);
    }

    private Object raw(String name) {
        Object v = fields.get(name);
        if (v == null) {
            v = fields.get(camel(name));
        }
        return v == GoJsonReader.NULL ? null : v;
    }

    private static String camel(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' && i + 1 < name.length()) {
                sb.append(Character.toUpperCase(name.charAt(++i)));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    ProtoJsonIn object(String name) {
        Object v = raw(name);
        return v == null ? null : of(v, name);
    }

    List<ProtoJsonIn> objects(String name) {
        Object v = raw(name);
        List<ProtoJsonIn> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException(name + " is not an array");
        }
        for (Object o : l) {
            out.add(of(o, name));
        }
        return out;
    }

    List<String> texts(String name) {
        Object v = raw(name);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                out.add(String.valueOf(o));
            }
        } else if (v != null) {
            throw new IllegalArgumentException(name + " is not an array");
        }
        return out;
    }

    long int64(String name) {
        Object v = raw(name);
        if (v == null) {
            return 0;
        }
        try {
            if (v instanceof String s) {
                return s.startsWith("-") ? Long.parseLong(s) : Long.parseUnsignedLong(s);
            }
            if (v instanceof Number n) {
                return n.longValue();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not an integer: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(name + " is not an integer");
    }

    boolean bool(String name) {
        Object v = raw(name);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(name + " is not a boolean");
    }

    String text(String name) {
        Object v = raw(name);
        return v == null ? "" : String.valueOf(v);
    }

    ByteSequence bytes(String name) {
        Object v = raw(name);
        if (v == null) {
            return ByteSequence.EMPTY;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(name + " is not base64 text");
        }
        try {
            return ByteSequence.of(Base64.getDecoder().decode(s));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not base64: " + e.getMessage(), e);
        }
    }

    /** An enum given by name or number; absent is the first constant. */
    <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        Object v = raw(name);
        E[] all = type.getEnumConstants();
        if (v == null) {
            return all[0];
        }
        if (v instanceof Number n && n.intValue() >= 0 && n.intValue() < all.length) {
            return all[n.intValue()];
        }
        for (E e : all) {
            if (e.name().equals(String.valueOf(v))) {
                return e;
            }
        }
        throw new IllegalArgumentException(name + ": no " + type.getSimpleName() + " " + v);
    }

    /** The key of a request: etcd's "key is not provided" when empty. */
    ByteSequence key() {
        ByteSequence k = bytes("key");
        if (k.isEmpty()) {
            throw new IllegalArgumentException("etcdserver: key is not provided");
        }
        return k;
    }

    /** {@code RangeRequest}; proto's sort enums (NONE/ASCEND/DESCEND, KEY/VERSION/CREATE/MOD/VALUE) are etcdj's. */
    Op.Get range() {
        return new Op.Get(key(), bytes("range_end"), int64("limit"), int64("revision"),
                enumValue("sort_target", KvOption.SortTarget.class), enumValue("sort_order", KvOption.SortOrder.class),
                bool("serializable"), bool("keys_only"), bool("count_only"), int64("min_mod_revision"),
                int64("max_mod_revision"), int64("min_create_revision"), int64("max_create_revision"));
    }

    Op.Put put() {
        return new Op.Put(key(), bytes("value"), int64("lease"), bool("prev_kv"), bool("ignore_value"), bool("ignore_lease"));
    }

    Op.Delete deleteRange() {
        return new Op.Delete(key(), bytes("range_end"), bool("prev_kv"));
    }

    /** {@code TxnRequest}, with its compares and the {@code RequestOp}s of both branches. */
    Op.Txn txn() {
        List<Compare> compares = new ArrayList<>();
        for (ProtoJsonIn c : objects("compare")) {
            compares.add(c.compare());
        }
        return new Op.Txn(compares, ops(objects("success")), ops(objects("failure")));
    }

    private static List<Op> ops(List<ProtoJsonIn> requests) {
        List<Op> out = new ArrayList<>();
        for (ProtoJsonIn r : requests) {
            ProtoJsonIn o;
            if ((o = r.object("request_range")) != null) {
                out.add(o.range());
            } else if ((o = r.object("request_put")) != null) {
                out.add(o.put());
            } else if ((o = r.object("request_delete_range")) != null) {
                out.add(o.deleteRange());
            } else if ((o = r.object("request_txn")) != null) {
                out.add(o.txn());
            } else {
                throw new IllegalArgumentException("a RequestOp with no request");
            }
        }
        return out;
    }

    private Compare compare() {
        Compare.Target target = enumValue("target", Compare.Target.class);
        Compare.Result result = enumValue("result", Compare.Result.class);
        ByteSequence key = key();
        return switch (target) {
            case VERSION -> Compare.version(key, result, int64("version"));
            case CREATE -> Compare.createRevision(key, result, int64("create_revision"));
            case MOD -> Compare.modRevision(key, result, int64("mod_revision"));
            case VALUE -> Compare.value(key, result, bytes("value"));
            case LEASE -> Compare.lease(key, result, int64("lease"));
        };
    }

    /** {@code WatchCreateRequest}. */
    WatchRequest watchCreate() {
        boolean noPut = false;
        boolean noDelete = false;
        Object filters = raw("filters");
        if (filters instanceof List<?> l) {
            for (Object f : l) {
                String name = String.valueOf(f);
                noPut |= name.equals("NOPUT") || name.equals("0") || name.equals("0.0");
                noDelete |= name.equals("NODELETE") || name.equals("1") || name.equals("1.0");
            }
        }
        long start = int64("start_revision");
        if (start < 0) {
            throw new IllegalArgumentException("etcdserver: mvcc: required revision is a future revision");
        }
        ByteSequence key = bytes("key");
        return new WatchRequest(key.isEmpty() ? ByteSequence.ZERO : key, bytes("range_end"), start, bool("prev_kv"), noPut, noDelete, bool("progress_notify"));
    }

    /** {@return the cluster, maintenance or auth call a path and this body make, or null for another path} */
    AdminCall<?> adminCall(String path) {
        return switch (path) {
            case "/v3/cluster/member/list" -> new AdminCall.MemberList();
            case "/v3/cluster/member/add" -> new AdminCall.MemberAdd(urls("peerURLs"), bool("isLearner"));
            case "/v3/cluster/member/remove" -> new AdminCall.MemberRemove(int64("ID"));
            case "/v3/cluster/member/update" -> new AdminCall.MemberUpdate(int64("ID"), urls("peerURLs"));
            case "/v3/cluster/member/promote" -> new AdminCall.MemberPromote(int64("ID"));
            case "/v3/maintenance/status" -> new AdminCall.Status(null);
            case "/v3/maintenance/alarm" -> text("action").equals("DEACTIVATE") || text("action").equals("2")
                    ? new AdminCall.DisarmAlarm(new Alarm(int64("memberID"), enumValue("alarm", AlarmType.class).type()))
                    : new AdminCall.Alarms();
            case "/v3/maintenance/defragment" -> new AdminCall.Defragment(null);
            case "/v3/maintenance/hashkv" -> new AdminCall.HashKv(null, int64("revision"));
            case "/v3/auth/enable" -> new AdminCall.AuthEnable();
            case "/v3/auth/disable" -> new AdminCall.AuthDisable();
            case "/v3/auth/status" -> new AdminCall.AuthStatusCall();
            case "/v3/auth/user/add" -> new AdminCall.UserAdd(text("name"),
                    object("options") != null && object("options").bool("no_password") ? null : text("password").toCharArray());
            case "/v3/auth/user/get" -> new AdminCall.UserGet(text("name"));
            case "/v3/auth/user/list" -> new AdminCall.UserList();
            case "/v3/auth/user/delete" -> new AdminCall.UserDelete(text("name"));
            case "/v3/auth/user/changepw" -> new AdminCall.UserChangePassword(text("name"), text("password").toCharArray());
            case "/v3/auth/user/grant" -> new AdminCall.UserGrantRole(text("user"), text("role"));
            case "/v3/auth/user/revoke" -> new AdminCall.UserRevokeRole(text("name"), text("role"));
            case "/v3/auth/role/add" -> new AdminCall.RoleAdd(text("name"));
            case "/v3/auth/role/get" -> new AdminCall.RoleGet(text("role"));
            case "/v3/auth/role/list" -> new AdminCall.RoleList();
            case "/v3/auth/role/delete" -> new AdminCall.RoleDelete(text("role"));
            case "/v3/auth/role/grant" -> {
                ProtoJsonIn p = object("perm");
                if (p == null) {
                    throw new IllegalArgumentException("etcdserver: permission not given");
                }
                yield new AdminCall.RoleGrantPermission(text("name"), new Permission(p.enumValue("permType", Permission.Type.class),
                        p.key(), p.bytes("range_end")));
            }
            case "/v3/auth/role/revoke" -> new AdminCall.RoleRevokePermission(text("role"), key(), bytes("range_end"));
            default -> null;
        };
    }

    /** The proto's {@code AlarmType}, whose first value is {@code NONE}. */
    private enum AlarmType {
        NONE, NOSPACE, CORRUPT;

        Alarm.Type type() {
            if (this == NONE) {
                throw new IllegalArgumentException("alarm NONE names no alarm");
            }
            return Alarm.Type.valueOf(name());
        }
    }

    private List<URI> urls(String name) {
        List<URI> out = new ArrayList<>();
        for (String u : texts(name)) {
            try {
                out.add(URI.create(u));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("etcdserver: invalid peer URL " + u, e);
            }
        }
        return out;
    }
}
