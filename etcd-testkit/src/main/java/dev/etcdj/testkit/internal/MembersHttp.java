package dev.etcdj.testkit.internal;

import dev.etcdj.api.admin.Member;
import dev.etcdj.api.spi.AdminCall;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fake server's {@code /v2/members} endpoints as etcd's {@code v2http} ({@code membersHandler} in
 * {@code client.go}) serves them: the list, the leader (503 while there is none), add, update and remove
 * with etcd's refusals of malformed bodies, applied by {@link Admin} through {@link AdminHttp}'s checks.
 */
public final class MembersHttp {
    private static final String JSON = "application/json";
    private final Admin admin;
    private final AdminHttp http;
    private final String clusterId;
    private final java.util.function.BooleanSupplier quorum;
    private final AdminHttp.Responder out;

    public MembersHttp(Admin admin, AdminHttp http, String clusterId, java.util.function.BooleanSupplier quorum,
                       AdminHttp.Responder out) {
        this.admin = admin;
        this.http = http;
        this.clusterId = clusterId;
        this.quorum = quorum;
        this.out = out;
    }

    /** Serves {@code /v2/members...}; {@code rest} is what follows {@code /v2/members}. */
    public void members(GoExchange x, String method, String rest) throws IOException {
        if (rest.equals("/leader")) {
            if (!method.equals("GET")) {
                http.methodNotAllowed(x, "GET");
                return;
            }
            if (!quorum.getAsBoolean()) {
                http.message(x, 503, "During election");   // fixture 279
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
                http.methodNotAllowed(x, "GET,POST,DELETE,PUT");
            } else if (method.equals("GET")) {
                http.message(x, 404, "Not found");   // fixture 197
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
                    Member m = http.apply(x, new AdminCall.AddMember(urls));
                    if (m != null) {
                        out.send(x, 201, JSON, member(m) + "\n");
                    }
                } else if (http.applyVoid(x, new AdminCall.UpdateMember(id, urls))) {
                    out.send(x, 204, null, null);
                }
                return;
            case "DELETE":
                if (http.applyVoid(x, new AdminCall.RemoveMember(id))) {
                    out.send(x, 204, null, null);
                }
                return;
            default:
                http.methodNotAllowed(x, "GET,POST,DELETE,PUT");
        }
    }

    private List<URI> peerUrls(GoExchange x) throws IOException {
        String type = x.requestHeader("Content-Type");
        if (type == null || !type.startsWith(JSON)) {
            http.message(x, 415, "Bad Content-Type " + (type == null ? "text/plain" : type) + ", accept application/json");
            return null;
        }
        Object body;
        try {
            body = GoJsonReader.parse(AdminHttp.read(x.requestBody()));
        } catch (IllegalArgumentException e) {
            http.message(x, 400, e.getMessage());
            return null;
        }
        List<URI> urls = new ArrayList<>();
        Object list = body instanceof Map<?, ?> m ? m.get("peerURLs") : null;
        if (list instanceof List<?> l) {
            for (Object o : l) {
                URI u = o instanceof String s ? parseUrl(s) : null;
                if (u == null) {
                    http.message(x, 400, "URL scheme must be http, https, unix, or unixs: " + o);
                    return null;
                }
                urls.add(u);
            }
        }
        if (urls.isEmpty()) {
            http.message(x, 400, "no valid URLs given");   // fixture 272
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

    static String member(Member m) {
        StringBuilder sb = new StringBuilder("{\"id\":\"").append(m.id()).append("\",\"name\":");
        GoJson.string(sb, m.name());
        sb.append(",\"peerURLs\":").append(urls(m.peerUrls())).append(",\"clientURLs\":").append(urls(m.clientUrls()));
        return sb.append('}').toString();
    }

    private static String urls(List<URI> urls) {
        List<String> s = new ArrayList<>();
        urls.forEach(u -> s.add(u.toString()));
        return AdminHttp.names(s);
    }
}
