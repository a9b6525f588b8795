package dev.etcdj.v3.http.internal;

import dev.etcdj.v3.Alarm;
import dev.etcdj.v3.AuthStatus;
import dev.etcdj.v3.ClusterMember;
import dev.etcdj.v3.Header;
import dev.etcdj.v3.KvHash;
import dev.etcdj.v3.MemberStatus;
import dev.etcdj.v3.Permission;
import dev.etcdj.v3.spi.AdminCall;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gateway's cluster, maintenance and auth calls ({@code rpc.proto}'s Cluster, Maintenance and Auth
 * services): the path and body of each {@link AdminCall}, and the reading of its answer. Field names are
 * the proto's, which are not uniform (a role grant names its user {@code user}, a revoke {@code name}).
 * Stateless.
 */
public final class GatewayAdmin {
    private GatewayAdmin() {
    }

    /** The path of each call under {@code /v3}. */
    private static final Map<Class<?>, String> PATHS = Map.ofEntries(
            Map.entry(AdminCall.MemberList.class, "/cluster/member/list"),
            Map.entry(AdminCall.MemberAdd.class, "/cluster/member/add"),
            Map.entry(AdminCall.MemberRemove.class, "/cluster/member/remove"),
            Map.entry(AdminCall.MemberUpdate.class, "/cluster/member/update"),
            Map.entry(AdminCall.MemberPromote.class, "/cluster/member/promote"),
            Map.entry(AdminCall.Status.class, "/maintenance/status"),
            Map.entry(AdminCall.Alarms.class, "/maintenance/alarm"),
            Map.entry(AdminCall.DisarmAlarm.class, "/maintenance/alarm"),
            Map.entry(AdminCall.Defragment.class, "/maintenance/defragment"),
            Map.entry(AdminCall.HashKv.class, "/maintenance/hashkv"),
            Map.entry(AdminCall.AuthEnable.class, "/auth/enable"),
            Map.entry(AdminCall.AuthDisable.class, "/auth/disable"),
            Map.entry(AdminCall.AuthStatusCall.class, "/auth/status"),
            Map.entry(AdminCall.UserAdd.class, "/auth/user/add"),
            Map.entry(AdminCall.UserGet.class, "/auth/user/get"),
            Map.entry(AdminCall.UserList.class, "/auth/user/list"),
            Map.entry(AdminCall.UserDelete.class, "/auth/user/delete"),
            Map.entry(AdminCall.UserChangePassword.class, "/auth/user/changepw"),
            Map.entry(AdminCall.UserGrantRole.class, "/auth/user/grant"),
            Map.entry(AdminCall.UserRevokeRole.class, "/auth/user/revoke"),
            Map.entry(AdminCall.RoleAdd.class, "/auth/role/add"),
            Map.entry(AdminCall.RoleGet.class, "/auth/role/get"),
            Map.entry(AdminCall.RoleList.class, "/auth/role/list"),
            Map.entry(AdminCall.RoleDelete.class, "/auth/role/delete"),
            Map.entry(AdminCall.RoleGrantPermission.class, "/auth/role/grant"),
            Map.entry(AdminCall.RoleRevokePermission.class, "/auth/role/revoke"));

    /** {@return the path of {@code call} under {@code /v3}} */
    public static String path(AdminCall<?> call) {
        return PATHS.get(call.getClass());
    }

    /** {@return the member a call is for, or null for any} */
    public static String endpoint(AdminCall<?> call) {
        if (call instanceof AdminCall.Status s) {
            return s.endpoint();
        } else if (call instanceof AdminCall.Defragment d) {
            return d.endpoint();
        } else if (call instanceof AdminCall.HashKv h) {
            return h.endpoint();
        }
        return null;
    }

    /** {@return the body of {@code call}} */
    public static String encode(AdminCall<?> call) {
        GatewayJson w = new GatewayJson();
        w.open();
        if (call instanceof AdminCall.MemberAdd a) {
            w.texts("peerURLs", urls(a.peerUrls()));
            w.bool("isLearner", a.learner());
        } else if (call instanceof AdminCall.MemberRemove r) {
            w.uint64("ID", r.id());
        } else if (call instanceof AdminCall.MemberUpdate u) {
            w.uint64("ID", u.id());
            w.texts("peerURLs", urls(u.peerUrls()));
        } else if (call instanceof AdminCall.MemberPromote p) {
            w.uint64("ID", p.id());
        } else if (call instanceof AdminCall.Alarms) {
            w.text("action", "GET");
        } else if (call instanceof AdminCall.DisarmAlarm d) {
            w.text("action", "DEACTIVATE");
            w.uint64("memberID", d.alarm().memberId());
            w.text("alarm", d.alarm().type().name());
        } else if (call instanceof AdminCall.HashKv h) {
            w.int64("revision", h.revision());
        } else if (call instanceof AdminCall.UserAdd u) {
            w.text("name", u.name());
            if (u.password() == null) {
                w.name("options");
                w.open();
                w.bool("no_password", true);
                w.close();
            } else {
                w.text("password", new String(u.password()));
            }
        } else if (call instanceof AdminCall.UserGet u) {
            w.text("name", u.name());
        } else if (call instanceof AdminCall.UserDelete u) {
            w.text("name", u.name());
        } else if (call instanceof AdminCall.UserChangePassword u) {
            w.text("name", u.name());
            w.text("password", new String(u.password()));
        } else if (call instanceof AdminCall.UserGrantRole g) {
            w.text("user", g.user());
            w.text("role", g.role());
        } else if (call instanceof AdminCall.UserRevokeRole r) {
            w.text("name", r.user());
            w.text("role", r.role());
        } else if (call instanceof AdminCall.RoleAdd r) {
            w.text("name", r.name());
        } else if (call instanceof AdminCall.RoleGet r) {
            w.text("role", r.name());
        } else if (call instanceof AdminCall.RoleDelete r) {
            w.text("role", r.name());
        } else if (call instanceof AdminCall.RoleGrantPermission g) {
            w.text("name", g.role());
            w.name("perm");
            w.open();
            w.text("permType", g.permission().type().name());
            w.bytes("key", g.permission().key());
            w.bytes("range_end", g.permission().rangeEnd());
            w.close();
        } else if (call instanceof AdminCall.RoleRevokePermission r) {
            w.text("role", r.role());
            w.bytes("key", r.key());
            w.bytes("range_end", r.rangeEnd());
        }
        w.close();
        return w.toString();
    }

    private static List<String> urls(List<URI> urls) {
        return urls.stream().map(URI::toString).toList();
    }

    /**
     * {@return the answer to {@code call} from a 2xx body}
     *
     * @param call the call sent
     * @param what the call and endpoint, for messages
     * @param body the body
     * @param length its length
     * @param <R> the answer's type
     */
    @SuppressWarnings("unchecked")
    public static <R> R decode(AdminCall<R> call, String what, byte[] body, int length) {
        GatewayTree t = GatewayTree.parse(body, length, what);
        Header h = GatewayDecoder.header(t);
        Object r;
        if (call instanceof AdminCall.MemberAdd) {
            GatewayTree m = t.optional("member");
            if (m == null) {
                throw new dev.etcdj.api.EtcdProtocolException(t.path() + ": no \"member\" in the answer to an add", 0, null);
            }
            r = member(m);
        } else if (call instanceof AdminCall.MemberList || call instanceof AdminCall.MemberRemove
                || call instanceof AdminCall.MemberUpdate || call instanceof AdminCall.MemberPromote) {
            List<ClusterMember> members = new ArrayList<>();
            for (GatewayTree m : t.list("members")) {
                members.add(member(m));
            }
            r = members;
        } else if (call instanceof AdminCall.Status) {
            r = new MemberStatus(h, t.text("version"), t.int64("dbSize"), t.int64("dbSizeInUse"), t.uint64("leader"),
                    t.uint64("raftIndex"), t.uint64("raftTerm"), t.uint64("raftAppliedIndex"), t.texts("errors"),
                    t.bool("isLearner"));
        } else if (call instanceof AdminCall.Alarms || call instanceof AdminCall.DisarmAlarm) {
            List<Alarm> alarms = new ArrayList<>();
            for (GatewayTree a : t.list("alarms")) {
                String type = a.text("alarm");
                if (type.equals("NOSPACE") || type.equals("CORRUPT")) {
                    alarms.add(new Alarm(a.uint64("memberID"), Alarm.Type.valueOf(type)));
                }
            }
            r = alarms;
        } else if (call instanceof AdminCall.HashKv) {
            r = new KvHash(t.uint64("hash"), t.int64("compact_revision"), t.int64("hash_revision"));
        } else if (call instanceof AdminCall.AuthStatusCall) {
            r = new AuthStatus(t.bool("enabled"), t.uint64("authRevision"));
        } else if (call instanceof AdminCall.UserGet || call instanceof AdminCall.UserList || call instanceof AdminCall.RoleList) {
            r = t.texts(call instanceof AdminCall.UserList ? "users" : "roles");
        } else if (call instanceof AdminCall.RoleGet) {
            List<Permission> perms = new ArrayList<>();
            for (GatewayTree p : t.list("perm")) {
                String type = p.has("permType") ? p.text("permType") : "READ";
                Permission.Type kind;
                try {
                    kind = Permission.Type.valueOf(type);
                } catch (IllegalArgumentException e) {
                    throw new dev.etcdj.api.EtcdProtocolException(p.path() + ".permType: not READ, WRITE or READWRITE", 0, e);
                }
                perms.add(new Permission(kind, nonEmpty(p, "key"), p.bytes("range_end")));
            }
            r = perms;
        } else {
            r = h;
        }
        return (R) r;
    }

    private static dev.etcdj.v3.ByteSequence nonEmpty(GatewayTree t, String field) {
        dev.etcdj.v3.ByteSequence b = t.bytes(field);
        if (b.isEmpty()) {
            throw new dev.etcdj.api.EtcdProtocolException(t.path() + "." + field + ": empty", 0, null);
        }
        return b;
    }

    private static ClusterMember member(GatewayTree m) {
        List<URI> peers = new ArrayList<>();
        List<URI> clients = new ArrayList<>();
        try {
            for (String u : m.texts("peerURLs")) {
                peers.add(URI.create(u));
            }
            for (String u : m.texts("clientURLs")) {
                clients.add(URI.create(u));
            }
        } catch (IllegalArgumentException e) {
            throw new dev.etcdj.api.EtcdProtocolException(m.path() + ": a member URL that is not a URL", 0, e);
        }
        return new ClusterMember(m.uint64("ID"), m.text("name"), peers, clients, m.bool("isLearner"));
    }
}
