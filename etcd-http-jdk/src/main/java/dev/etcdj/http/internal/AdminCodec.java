package dev.etcdj.http.internal;

import dev.etcdj.api.ErrorCode;
import dev.etcdj.api.EtcdAdminException;
import dev.etcdj.api.EtcdProtocolException;
import dev.etcdj.api.EtcdServerException;
import dev.etcdj.api.admin.LeaderStats;
import dev.etcdj.api.admin.Member;
import dev.etcdj.api.admin.Permissions;
import dev.etcdj.api.admin.Role;
import dev.etcdj.api.admin.SelfStats;
import dev.etcdj.api.admin.ServerVersion;
import dev.etcdj.api.admin.StoreStats;
import dev.etcdj.api.admin.User;
import dev.etcdj.api.spi.AdminCall;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire form of the v2 cluster, stats and auth calls: {@link #encode} makes the HTTP request of an
 * {@link AdminCall}, {@link #decode} turns the answer into its typed result or exception. Answers are
 * small, so they are read as JSON trees; any shape etcd does not send is an {@link EtcdProtocolException}
 * naming the call and the JSON path. Stateless.
 */
public final class AdminCodec {
    private static final String JSON = "application/json";

    private AdminCodec() {
    }

    /** The method and path (below the endpoint) of {@code call}, with {@code v2} the keys prefix, e.g. {@code /v2}. */
    static String[] route(AdminCall<?> call, String v2) {
        String root = v2.endsWith("/v2") ? v2.substring(0, v2.length() - 3) : "";
        if (call instanceof AdminCall.Machines) return new String[] {"GET", v2 + "/machines"};
        if (call instanceof AdminCall.Members) return new String[] {"GET", v2 + "/members"};
        if (call instanceof AdminCall.Leader) return new String[] {"GET", v2 + "/members/leader"};
        if (call instanceof AdminCall.AddMember) return new String[] {"POST", v2 + "/members"};
        if (call instanceof AdminCall.UpdateMember u) return new String[] {"PUT", v2 + "/members/" + segment(u.id())};
        if (call instanceof AdminCall.RemoveMember r) return new String[] {"DELETE", v2 + "/members/" + segment(r.id())};
        if (call instanceof AdminCall.Self) return new String[] {"GET", v2 + "/stats/self"};
        if (call instanceof AdminCall.LeaderStatistics) return new String[] {"GET", v2 + "/stats/leader"};
        if (call instanceof AdminCall.Store) return new String[] {"GET", v2 + "/stats/store"};
        if (call instanceof AdminCall.Version) return new String[] {"GET", root + "/version"};
        if (call instanceof AdminCall.Health) return new String[] {"GET", root + "/health"};
        if (call instanceof AdminCall.AuthStatus) return new String[] {"GET", v2 + "/auth/enable"};
        if (call instanceof AdminCall.SetAuth s) return new String[] {s.enable() ? "PUT" : "DELETE", v2 + "/auth/enable"};
        if (call instanceof AdminCall.Users) return new String[] {"GET", v2 + "/auth/users"};
        if (call instanceof AdminCall.GetUser g) return new String[] {"GET", v2 + "/auth/users/" + segment(g.name())};
        if (call instanceof AdminCall.PutUser p) return new String[] {"PUT", v2 + "/auth/users/" + segment(p.name())};
        if (call instanceof AdminCall.DeleteUser d) return new String[] {"DELETE", v2 + "/auth/users/" + segment(d.name())};
        if (call instanceof AdminCall.Roles) return new String[] {"GET", v2 + "/auth/roles"};
        if (call instanceof AdminCall.GetRole g) return new String[] {"GET", v2 + "/auth/roles/" + segment(g.name())};
        if (call instanceof AdminCall.PutRole p) return new String[] {"PUT", v2 + "/auth/roles/" + segment(p.name())};
        AdminCall.DeleteRole d = (AdminCall.DeleteRole) call;
        return new String[] {"DELETE", v2 + "/auth/roles/" + segment(d.name())};
    }

    private static String segment(String s) {
        StringBuilder sb = new StringBuilder();
        PercentEncoder.encode(s, sb);
        return sb.toString();
    }

    /** Returns a short name of the call for messages: {@code "POST /v2/members"}. */
    public static String describe(AdminCall<?> call, String v2) {
        String[] r = route(call, v2);
        return r[0] + " " + r[1];
    }

    /** Encodes {@code call} for {@code endpoint}; a password goes into the body bytes only, never into a String. */
    public static HttpRequest encode(String endpoint, String v2, AdminCall<?> call, String authorization, Duration timeout) {
        String[] r = route(call, v2);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + r[1])).timeout(timeout);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        byte[] body = body(call);
        if (body == null) {
            return b.method(r[0], r[0].equals("GET") ? HttpRequest.BodyPublishers.noBody()
                    : new RequestEncoder.SendOnce(new byte[0])).build();
        }
        b.header("Content-Type", JSON);
        return b.method(r[0], new RequestEncoder.SendOnce(body)).build();
    }

    private static byte[] body(AdminCall<?> call) {
        StringBuilder sb = new StringBuilder();
        if (call instanceof AdminCall.AddMember a) {
            sb.append("{\"peerURLs\":");
            urls(sb, a.peerUrls());
            return bytes(sb.append('}'));
        }
        if (call instanceof AdminCall.UpdateMember u) {
            sb.append("{\"peerURLs\":");
            urls(sb, u.peerUrls());
            return bytes(sb.append('}'));
        }
        if (call instanceof AdminCall.PutUser p) {
            sb.append("{\"user\":");
            JsonText.quote(sb, p.name());
            if (p.password() != null) {
                sb.append(",\"password\":");
                JsonText.quote(sb, CharBuffer.wrap(p.password()));
            }
            if (p.create()) {   // "roles" present: etcd's create, which refuses a user that exists
                sb.append(",\"roles\":");
                strings(sb, p.roles());
            }
            if (!p.grant().isEmpty()) {
                sb.append(",\"grant\":");
                strings(sb, p.grant());
            }
            if (!p.revoke().isEmpty()) {
                sb.append(",\"revoke\":");
                strings(sb, p.revoke());
            }
            byte[] out = bytes(sb.append('}'));
            for (int i = 0; i < sb.length(); i++) {
                sb.setCharAt(i, '\0');   // the password was in there
            }
            return out;
        }
        if (call instanceof AdminCall.PutRole p) {
            sb.append("{\"role\":");
            JsonText.quote(sb, p.name());
            if (p.create()) {
                sb.append(",\"permissions\":");
                permissions(sb, p.grant());
            } else {
                if (!isEmpty(p.grant())) {
                    sb.append(",\"grant\":");
                    permissions(sb, p.grant());
                }
                if (!isEmpty(p.revoke())) {
                    sb.append(",\"revoke\":");
                    permissions(sb, p.revoke());
                }
            }
            return bytes(sb.append('}'));
        }
        return null;
    }

    private static boolean isEmpty(Permissions p) {
        return p.read().isEmpty() && p.write().isEmpty();
    }

    private static byte[] bytes(StringBuilder sb) {
        java.nio.ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(sb));
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        return out;
    }

    private static void permissions(StringBuilder sb, Permissions p) {
        sb.append("{\"kv\":{\"read\":");
        strings(sb, p.read());
        sb.append(",\"write\":");
        strings(sb, p.write());
        sb.append("}}");
    }

    private static void urls(StringBuilder sb, List<URI> urls) {
        List<String> s = new ArrayList<>();
        urls.forEach(u -> s.add(u.toString()));
        strings(sb, s);
    }

    private static void strings(StringBuilder sb, List<String> values) {
        JsonText.quoteAll(sb, values);
    }


    /** Decodes the answer to {@code call}: its result, or the typed exception. */
    public static <T> T decode(AdminCall<T> call, String what, int status, LimitedBody.Bytes body) {
        if (status < 200 || status >= 300) {
            throw failure(call, what, status, body);
        }
        try {
            return decodeAnswer(call, what, body);
        } catch (IllegalArgumentException | NullPointerException e) {
            // a value the model refuses (a glob etcd never stores, a missing name): the server's fault, not the caller's
            throw new EtcdProtocolException(what + ": an answer etcd would not give: " + e.getMessage()
                    + "; body: " + EtcdJson.excerpt(body.text()), status, e);
        }
    }

    private static <T> T decodeAnswer(AdminCall<T> call, String what, LimitedBody.Bytes body) {
        if (call instanceof AdminCall.Machines) {
            List<URI> out = new ArrayList<>();
            for (String s : body.text().split(",")) {
                if (!s.isBlank()) {
                    out.add(url(s.strip(), what));
                }
            }
            return cast(out);
        }
        if (call instanceof AdminCall.UpdateMember || call instanceof AdminCall.RemoveMember
                || call instanceof AdminCall.SetAuth || call instanceof AdminCall.DeleteUser
                || call instanceof AdminCall.DeleteRole) {
            return null;
        }
        AdminTree t = AdminTree.parse(body, what);
        if (call instanceof AdminCall.Members) {
            List<Member> out = new ArrayList<>();
            for (AdminTree m : t.field("members").list()) {
                out.add(member(m));
            }
            return cast(out);
        }
        if (call instanceof AdminCall.Leader || call instanceof AdminCall.AddMember) {
            return cast(member(t));
        }
        if (call instanceof AdminCall.Self) {
            AdminTree li = t.optional("leaderInfo");
            SelfStats.LeaderInfo leader = li == null || li.optional("leader") == null || li.field("leader").text().isEmpty()
                    ? null : new SelfStats.LeaderInfo(li.field("leader").text(), goDuration(li.field("uptime")),
                    li.field("startTime").instant());
            return cast(new SelfStats(t.field("name").text(), t.field("id").text(), t.field("state").text(),
                    t.field("startTime").instant(), java.util.Optional.ofNullable(leader),
                    t.field("recvAppendRequestCnt").number(), t.field("sendAppendRequestCnt").number()));
        }
        if (call instanceof AdminCall.LeaderStatistics) {
            Map<String, LeaderStats.Follower> followers = new LinkedHashMap<>();
            for (Map.Entry<String, AdminTree> e : t.field("followers").entries()) {
                AdminTree f = e.getValue();
                AdminTree latency = f.field("latency");
                AdminTree counts = f.field("counts");
                followers.put(e.getKey(), new LeaderStats.Follower(millis(latency.field("current")),
                        millis(latency.field("average")), counts.field("success").number(), counts.field("fail").number()));
            }
            return cast(new LeaderStats(t.field("leader").text(), followers));
        }
        if (call instanceof AdminCall.Store) {
            Map<String, Long> counters = new LinkedHashMap<>();
            for (Map.Entry<String, AdminTree> e : t.entries()) {
                counters.put(e.getKey(), e.getValue().number());
            }
            return cast(new StoreStats(counters));
        }
        if (call instanceof AdminCall.Version) {
            return cast(new ServerVersion(t.field("etcdserver").text(), t.field("etcdcluster").text()));
        }
        if (call instanceof AdminCall.Health) {
            return cast(Boolean.valueOf(t.field("health").text().equals("true")));
        }
        if (call instanceof AdminCall.AuthStatus) {
            return cast(t.field("enabled").bool());
        }
        if (call instanceof AdminCall.Users) {
            List<User> out = new ArrayList<>();
            for (AdminTree u : t.field("users").listOrEmpty()) {
                out.add(user(u));
            }
            return cast(out);
        }
        if (call instanceof AdminCall.GetUser || call instanceof AdminCall.PutUser) {
            return cast(user(t));
        }
        if (call instanceof AdminCall.Roles) {
            List<Role> out = new ArrayList<>();
            for (AdminTree r : t.field("roles").listOrEmpty()) {
                out.add(role(r));
            }
            return cast(out);
        }
        return cast(role(t));   // GetRole, PutRole
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    private static RuntimeException failure(AdminCall<?> call, String what, int status, LimitedBody.Bytes body) {
        String message;
        try {
            AdminTree t = AdminTree.parse(body, what);
            AdminTree m = t.optional("message");
            message = m == null ? null : m.text();
            if (message == null && t.optional("health") != null) {
                message = "health " + t.field("health").text();
            }
        } catch (EtcdProtocolException e) {
            message = null;
        }
        if (message == null) {
            return new EtcdProtocolException(what + ": HTTP " + status + " without etcd's {\"message\":...} body ("
                    + body.length() + " bytes)", status, null);
        }
        if (status == 401) {
            return EtcdServerException.of(ErrorCode.UNAUTHORIZED, message, 0);
        }
        return new EtcdAdminException(what, status, message);
    }

    private static Member member(AdminTree m) {
        AdminTree name = m.optional("name");
        return new Member(m.field("id").text(), name == null ? "" : name.text(), urls(m.field("peerURLs")),
                urls(m.field("clientURLs")));
    }

    private static User user(AdminTree u) {
        List<String> roles = new ArrayList<>();
        AdminTree rs = u.optional("roles");
        if (rs != null) {
            for (AdminTree r : rs.listOrEmpty()) {
                roles.add(r.isText() ? r.text() : r.field("role").text());   // etcd >= 2.3 lists role objects
            }
        }
        return new User(u.field("user").text(), roles);
    }

    private static Role role(AdminTree r) {
        AdminTree perms = r.optional("permissions");
        AdminTree kv = perms == null ? null : perms.optional("kv");
        if (kv == null) {
            return new Role(r.field("role").text(), Permissions.NONE);
        }
        return new Role(r.field("role").text(), new Permissions(texts(kv.optional("read")), texts(kv.optional("write"))));
    }

    private static List<String> texts(AdminTree list) {
        List<String> out = new ArrayList<>();
        if (list != null) {
            for (AdminTree t : list.listOrEmpty()) {
                out.add(t.text());
            }
        }
        return out;
    }

    private static List<URI> urls(AdminTree list) {
        List<URI> out = new ArrayList<>();
        for (AdminTree u : list.listOrEmpty()) {
            out.add(url(u.text(), u.path()));
        }
        return out;
    }

    private static URI url(String s, String where) {
        try {
            return new URI(s);
        } catch (java.net.URISyntaxException e) {
            throw new EtcdProtocolException(where + ": not a URL: \"" + EtcdJson.excerpt(s) + "\"", 0, e);
        }
    }

    private static Duration millis(AdminTree t) {
        return Duration.ofNanos((long) (t.decimal() * 1_000_000));
    }

    /** Go's {@code time.Duration.String()}: {@code 1h2m3.5s}, {@code 19.674621719s}, {@code 350ms}, {@code 0s}. */
    static Duration goDuration(AdminTree t) {
        String s = t.text();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|µs|us|ns|h|m|s)").matcher(s);
        double nanos = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double v = Double.parseDouble(m.group(1));
            switch (m.group(2)) {
                case "h": nanos += v * 3.6e12; break;
                case "m": nanos += v * 6e10; break;
                case "s": nanos += v * 1e9; break;
                case "ms": nanos += v * 1e6; break;
                case "ns": nanos += v; break;
                default: nanos += v * 1e3;
            }
            end = m.end();
        }
        if (end != s.length() || s.isEmpty()) {
            throw new EtcdProtocolException(t.path() + ": not a Go duration: \"" + EtcdJson.excerpt(s) + "\"", 0, null);
        }
        return Duration.ofNanos((long) nanos);
    }
}
