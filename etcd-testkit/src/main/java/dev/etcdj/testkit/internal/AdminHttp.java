package dev.etcdj.testkit.internal;

import dev.etcdj.api.admin.Permissions;
import dev.etcdj.api.admin.Role;
import dev.etcdj.api.admin.User;
import dev.etcdj.api.spi.AdminCall;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The fake server's {@code /v2/auth} endpoints as etcd's {@code v2http} ({@code client_auth.go}) serves
 * them, and what {@link MembersHttp} shares with them: request JSON parsed into {@link AdminCall}s (with etcd's refusals of malformed bodies), applied
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

    public AdminHttp(Admin admin, String clusterId, Responder out) {
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
    record Applied<T>(boolean ok, T value) {
    }

    <T> Applied<T> applied(GoExchange x, AdminCall<T> call) throws IOException {
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

    <T> T apply(GoExchange x, AdminCall<T> call) throws IOException {
        return applied(x, call).value();
    }

    boolean applyVoid(GoExchange x, AdminCall<Void> call) throws IOException {
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

    static String names(List<String> values) {
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
    void message(GoExchange x, int status, String message) throws IOException {
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

    void methodNotAllowed(GoExchange x, String allow) throws IOException {
        x.setHeader("Allow", allow);
        x.setHeader("X-Content-Type-Options", "nosniff");
        out.send(x, 405, "text/plain; charset=utf-8", "Method Not Allowed\n");
    }

    static String read(InputStream in) throws IOException {
        return new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
    }
}
