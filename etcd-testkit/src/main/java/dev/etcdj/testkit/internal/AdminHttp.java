package dev.etcdj.testkit.internal;

import dev.etcdj.api.admin.Member;
import dev.etcdj.api.admin.Permissions;
import dev.etcdj.api.admin.Role;
import dev.etcdj.api.admin.User;
import dev.etcdj.api.spi.AdminCall;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The fake server's {@code /v2/members} and {@code /v2/auth} endpoints as etcd's {@code v2http} serves
 * them: request JSON parsed into {@link AdminCall}s (with etcd's refusals of malformed bodies), applied
 * by {@link Admin} for the caller's Basic credentials, and answered with Go's JSON and status codes.
 */
public final class AdminHttp {
    /** Writes an answer: status, content type, body (null for none). */
    public interface Responder {
        void send(GoExchange x, int status, String type, String body) throws IOException;
    }

    private static final String JSON = "application/json";
    private final Admin admin;
    private final String clusterId;
    private final Responder out;
    private final java.util.function.BooleanSupplier quorum;

    public AdminHttp(Admin admin, String clusterId, java.util.function.BooleanSupplier quorum, Responder out) {
        this.quorum = quorum;
        this.admin = admin;
        this.clusterId = clusterId;
        this.out = out;
    }

    /**
     * The caller of a request as etcd's {@code client_auth.go} sees it: with auth off, anyone ({} whatever the
     * headers); with auth on, Basic credentials {user, password}, {} for none, and null for an
     * {@code Authorization} that is not Basic (refused).
     */
    public static String[] caller(GoExchange x, AuthStore auth) {
        return auth.enabled() ? credentials(x) : new String[0];
    }

    private static String[] credentials(GoExchange x) {
        String h = x.requestHeader("Authorization");
        if (h == null || h.isEmpty()) {
            return new String[0];
        }
        if (!h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    /** Serves {@code /v2/members...}; {@code rest} is what follows {@code /v2/members}. */
    public void members(GoExchange x, String method, String rest) throws IOException {
        if (rest.equals("/leader")) {
            if (!method.equals("GET")) {
                methodNotAllowed(x, "GET");
                return;
            }
            if (!quorum.getAsBoolean()) {
                message(x, 503, "During election");   // fixture 279
                return;
            }
            x.setHeader("X-Etcd-Cluster-Id", clusterId);
            out.send(x, 200, JSON, member(admin.members().leader()) + "\n");
            return;
        }
        String id = rest.startsWith("/") ? rest.substring(1) : "";
        if ((method.equals("PUT") || method.equals("DELETE")) && rest.isEmpty()) {   // no id: 405, no Allow (fixture 300)
            x.setHeader("X-Etcd-Cluster-Id", clusterId);
            out.send(x, 405, "text/plain; charset=utf-8", "Method Not Allowed\n");
            return;
        }
        if (!rest.isEmpty() && !rest.startsWith("/") || method.equals("GET") && !id.isEmpty()
                || method.equals("POST") && !id.isEmpty() || (method.equals("PUT") || method.equals("DELETE")) && id.isEmpty()) {
            if (!List.of("GET", "POST", "PUT", "DELETE").contains(method)) {
                methodNotAllowed(x, "GET,POST,DELETE,PUT");
            } else if (method.equals("GET")) {
                message(x, 404, "Not found");   // fixture 197
            } else {
                out.send(x, 404, "text/plain; charset=utf-8", "404 page not found\n");
            }
            return;
        }
        switch (method) {
            case "GET":
                x.setHeader("X-Etcd-Cluster-Id", clusterId);
                StringBuilder sb = new StringBuilder("{\"members\":[");
                List<Member> ms = admin.members().list();
                for (int i = 0; i < ms.size(); i++) {
                    sb.append(i > 0 ? "," : "").append(member(ms.get(i)));
                }
                out.send(x, 200, JSON, sb.append("]}\n").toString());
                return;
            case "POST":
            case "PUT":
                List<URI> urls = peerUrls(x);
                if (urls == null) {
                    return;
                }
                if (method.equals("POST")) {
                    Member m = apply(x, new AdminCall.AddMember(urls));
                    if (m != null) {
                        out.send(x, 201, JSON, member(m) + "\n");
                    }
                } else if (applyVoid(x, new AdminCall.UpdateMember(id, urls))) {
                    out.send(x, 204, null, null);
                }
                return;
            case "DELETE":
                if (applyVoid(x, new AdminCall.RemoveMember(id))) {
                    out.send(x, 204, null, null);
                }
                return;
            default:
                methodNotAllowed(x, "GET,POST,DELETE,PUT");
        }
    }

    private List<URI> peerUrls(GoExchange x) throws IOException {
        String type = x.requestHeader("Content-Type");
        if (type == null || !type.startsWith(JSON)) {
            message(x, 415, "Bad Content-Type " + (type == null ? "text/plain" : type) + ", accept application/json");
            return null;
        }
        Object body;
        try {
            body = GoJsonReader.parse(read(x.requestBody()));
        } catch (IllegalArgumentException e) {
            message(x, 400, e.getMessage());
            return null;
        }
        List<URI> urls = new ArrayList<>();
        Object list = body instanceof Map<?, ?> m ? m.get("peerURLs") : null;
        if (list instanceof List<?> l) {
            for (Object o : l) {
                URI u = o instanceof String s ? parseUrl(s) : null;
                if (u == null) {
                    message(x, 400, "URL scheme must be http, https, unix, or unixs: " + o);
                    return null;
                }
                urls.add(u);
            }
        }
        if (urls.isEmpty()) {
            message(x, 400, "no valid URLs given");   // fixture 272
            return null;
        }
        return urls;
    }

    private static URI parseUrl(String s) {
        try {
            URI u = new URI(s);
            return u.getScheme() != null && (u.getScheme().equals("http") || u.getScheme().equals("https")) ? u : null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** Serves {@code /v2/auth...}; {@code rest} is what follows {@code /v2/auth}. */
    public void auth(GoExchange x, String method, String rest) throws IOException {
        if (rest.equals("/enable")) {
            switch (method) {
                case "GET":
                    x.setHeader("X-Etcd-Cluster-Id", clusterId);
                    out.send(x, 200, JSON, "{\"enabled\":" + admin.auth().enabled() + "}\n");
                    return;
                case "PUT":
                case "DELETE":
                    if (applyVoid(x, new AdminCall.SetAuth(method.equals("PUT")))) {
                        out.send(x, 200, JSON, null);
                    }
                    return;
                default:
                    methodNotAllowed(x, "GET,PUT,DELETE");
            }
            return;
        }
        if (rest.equals("/users") || rest.equals("/roles")) {
            if (!method.equals("GET")) {
                methodNotAllowed(x, "GET");
                return;
            }
            if (rest.equals("/users")) {
                List<User> users = apply(x, new AdminCall.Users());
                if (users != null) {
                    StringBuilder sb = new StringBuilder("{\"users\":");
                    if (users.isEmpty()) {
                        sb.append("null");
                    } else {
                        sb.append('[');
                        for (int i = 0; i < users.size(); i++) {
                            sb.append(i > 0 ? "," : "").append(userWithRoles(users.get(i), true));
                        }
                        sb.append(']');
                    }
                    out.send(x, 200, JSON, sb.append("}\n").toString());
                }
            } else {
                List<Role> roles = apply(x, new AdminCall.Roles());
                if (roles != null) {
                    StringBuilder sb = new StringBuilder("{\"roles\":[");
                    for (int i = 0; i < roles.size(); i++) {
                        sb.append(i > 0 ? "," : "").append(role(roles.get(i)));
                    }
                    out.send(x, 200, JSON, sb.append("]}\n").toString());
                }
            }
            return;
        }
        if (rest.startsWith("/users/") || rest.startsWith("/roles/")) {
            boolean users = rest.startsWith("/users/");
            String name = rest.substring(7);
            if (name.isEmpty()) {
                out.send(x, 404, "text/plain; charset=utf-8", "404 page not found\n");
                return;
            }
            if (name.contains("/")) {
                messageBeforeAuth(x, 400, "Invalid path");   // fixture 237
                return;
            }
            if (users) {
                user(x, method, name);
            } else {
                role(x, method, name);
            }
            return;
        }
        out.send(x, 404, "text/plain; charset=utf-8", "404 page not found\n");
    }

    private void user(GoExchange x, String method, String name) throws IOException {
        switch (method) {
            case "GET": {
                User u = apply(x, new AdminCall.GetUser(name));
                if (u != null) {
                    out.send(x, 200, JSON, userWithRoles(u, false) + "\n");
                }
                return;
            }
            case "PUT": {
                Map<String, Object> body = jsonBody(x);
                if (body == null) {
                    return;
                }
                if (!name.equals(body.get("user"))) {
                    message(x, 400, "User JSON name does not match the name in the URL");
                    return;
                }
                boolean exists = admin.auth().users().stream().anyMatch(u -> u.name().equals(name));
                Object pw = body.get("password");
                AdminCall.PutUser call = new AdminCall.PutUser(name, pw instanceof String p ? p.toCharArray() : null,
                        strings(body.get("roles")), strings(body.get("grant")), strings(body.get("revoke")),
                        body.get("roles") instanceof List);   // etcdctl sends "roles":null with a grant
                User u;
                try {
                    u = apply(x, call);
                } finally {
                    call.clear();
                }
                if (u != null) {
                    String roles = u.roles().isEmpty() && !exists ? "null" : names(u.roles());
                    StringBuilder sb = new StringBuilder("{\"user\":");
                    GoJson.string(sb, u.name());
                    // etcd answers 201 only for a user created without roles (created with roles: 200, fixture 238)
                    int status = exists || !strings(body.get("roles")).isEmpty() ? 200 : 201;
                    out.send(x, status, JSON, sb.append(",\"roles\":").append(roles).append("}\n").toString());
                }
                return;
            }
            case "DELETE":
                if (applyVoid(x, new AdminCall.DeleteUser(name))) {
                    out.send(x, 200, JSON, null);
                }
                return;
            default:
                methodNotAllowed(x, "GET,PUT,DELETE");
        }
    }

    private void role(GoExchange x, String method, String name) throws IOException {
        switch (method) {
            case "GET": {
                Role r = apply(x, new AdminCall.GetRole(name));
                if (r != null) {
                    out.send(x, 200, JSON, role(r) + "\n");
                }
                return;
            }
            case "PUT": {
                Map<String, Object> body = jsonBody(x);
                if (body == null) {
                    return;
                }
                if (!name.equals(body.get("role"))) {
                    message(x, 400, "Role JSON name does not match the name in the URL");
                    return;
                }
                // as etcd: without grant or revoke it is a create (with its permissions), else an update
                Permissions grant = permissions(body.get("grant"));
                Permissions revoke = permissions(body.get("revoke"));
                boolean create = grant.equals(Permissions.NONE) && revoke.equals(Permissions.NONE);
                if (!create && !permissions(body.get("permissions")).equals(Permissions.NONE)) {
                    message(x, 400, "Role JSON contains both permissions and grant/revoke");
                    return;
                }
                Role r = apply(x, new AdminCall.PutRole(name, create ? permissions(body.get("permissions")) : grant, revoke, create));
                if (r != null) {
                    out.send(x, create ? 201 : 200, JSON, role(r) + "\n");
                }
                return;
            }
            case "DELETE":
                if (applyVoid(x, new AdminCall.DeleteRole(name))) {
                    out.send(x, 200, JSON, null);
                }
                return;
            default:
                methodNotAllowed(x, "GET,PUT,DELETE");
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** A call applied for the request's caller: whether it was (else the refusal is answered), and its result. */
    private record Applied<T>(boolean ok, T value) {
    }

    private <T> Applied<T> applied(GoExchange x, AdminCall<T> call) throws IOException {
        String[] c = caller(x, admin.auth());
        try {
            if (c == null) {
                throw new AuthStore.AuthError(401, "Insufficient credentials");
            }
            T value = admin.apply(call, c.length == 0 ? null : c[0], c.length == 0 ? null : c[1].toCharArray());
            x.setHeader("X-Etcd-Cluster-Id", clusterId);
            return new Applied<>(true, value);
        } catch (AuthStore.AuthError e) {
            message(x, e.status, e.getMessage());
            return new Applied<>(false, null);
        }
    }

    private <T> T apply(GoExchange x, AdminCall<T> call) throws IOException {
        return applied(x, call).value();
    }

    private boolean applyVoid(GoExchange x, AdminCall<Void> call) throws IOException {
        return applied(x, call).ok();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> jsonBody(GoExchange x) throws IOException {
        try {
            Object body = GoJsonReader.parse(read(x.requestBody()));
            if (body instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        message(x, 400, "Invalid JSON in request body.");
        return null;
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            for (Object v : l) {
                if (v instanceof String s) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static Permissions permissions(Object o) {
        if (o instanceof Map<?, ?> m && m.get("kv") instanceof Map<?, ?> kv) {
            return new Permissions(strings(kv.get("read")), strings(kv.get("write")));
        }
        return Permissions.NONE;
    }

    private String userWithRoles(User u, boolean skipMissing) {
        StringBuilder sb = new StringBuilder("{\"user\":");
        GoJson.string(sb, u.name());
        sb.append(",\"roles\":[");
        boolean first = true;
        for (String r : u.roles()) {
            try {
                Role role = admin.auth().role(r);
                sb.append(first ? "" : ",").append(role(role));
                first = false;
            } catch (AuthStore.AuthError e) {
                if (!skipMissing) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return sb.append("]}").toString();
    }

    static String member(Member m) {
        StringBuilder sb = new StringBuilder("{\"id\":\"").append(m.id()).append("\",\"name\":");
        GoJson.string(sb, m.name());
        sb.append(",\"peerURLs\":").append(urls(m.peerUrls())).append(",\"clientURLs\":").append(urls(m.clientUrls()));
        return sb.append('}').toString();
    }

    private static String urls(List<URI> urls) {
        List<String> s = new ArrayList<>();
        urls.forEach(u -> s.add(u.toString()));
        return names(s);
    }

    private static String names(List<String> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            GoJson.string(sb, values.get(i));
        }
        return sb.append(']').toString();
    }

    static String role(Role r) {
        StringBuilder sb = new StringBuilder("{\"role\":");
        GoJson.string(sb, r.name());
        return sb.append(",\"permissions\":{\"kv\":{\"read\":").append(names(r.permissions().read())).append(",\"write\":")
                .append(names(r.permissions().write())).append("}}}").toString();
    }

    /** An error answer; etcd names its cluster in it unless the caller failed the auth check (401). */
    private void message(GoExchange x, int status, String message) throws IOException {
        if (status != 401) {
            x.setHeader("X-Etcd-Cluster-Id", clusterId);
        }
        messageBeforeAuth(x, status, message);
    }

    /** An error answer given before the auth check, without the cluster id (fixture 237). */
    private void messageBeforeAuth(GoExchange x, int status, String message) throws IOException {
        StringBuilder sb = new StringBuilder("{\"message\":");
        GoJson.string(sb, message);
        out.send(x, status, JSON, sb.append("}").toString());
    }

    private void methodNotAllowed(GoExchange x, String allow) throws IOException {
        x.setHeader("Allow", allow);
        x.setHeader("X-Content-Type-Options", "nosniff");
        out.send(x, 405, "text/plain; charset=utf-8", "Method Not Allowed\n");
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
    }
}
