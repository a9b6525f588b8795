package dev.etcdj.http;

import java.nio.file.Path;
import java.util.Map;

/**
 * The settings etcd's own tools read from the environment, applied to a builder for what it was not told
 * explicitly (see {@link HttpAdapter.Builder#environment()}).
 */
final class Environment {
    private Environment() {
    }

    static void apply(HttpAdapter.Builder b, Map<String, String> env) {
        if (b.endpoints.isEmpty() && b.srvDomain == null) {
            String list = env.getOrDefault("ETCD_ENDPOINTS", env.get("ETCDCTL_ENDPOINTS"));
            String srv = env.get("ETCDCTL_DISCOVERY_SRV");
            if (list == null && srv != null && !srv.isBlank()) {
                b.discoverySrv(srv.strip());
            } else {
                for (String e : (list == null ? "http://127.0.0.1:2379" : list).split(",")) {
                    if (!e.isBlank()) {
                        b.endpoints(e.strip());
                    }
                }
            }
        }
        if (b.sslContext == null && b.httpClient == null) {
            String ca = env.getOrDefault("ETCDCTL_CACERT", env.get("ETCDCTL_CA_FILE"));
            String cert = env.getOrDefault("ETCDCTL_CERT", env.get("ETCDCTL_CERT_FILE"));
            String key = env.getOrDefault("ETCDCTL_KEY", env.get("ETCDCTL_KEY_FILE"));
            if (cert != null && key != null) {
                if (ca == null) {
                    throw new IllegalArgumentException("ETCDCTL_CERT and ETCDCTL_KEY are set but ETCDCTL_CACERT is not: "
                            + "name the CA bundle that signs the servers' certificates");
                }
                b.tls(Path.of(ca), Path.of(cert), Path.of(key), null);
            } else if (ca != null) {
                b.tls(Path.of(ca));
            }
        }
        if (b.user == null && env.get("ETCDCTL_USER") != null) {
            String u = env.get("ETCDCTL_USER");
            int colon = u.indexOf(':');
            String name = colon < 0 ? u : u.substring(0, colon);
            String pw = colon < 0 ? env.getOrDefault("ETCDCTL_PASSWORD", "") : u.substring(colon + 1);
            char[] password = pw.toCharArray();
            b.credentials(name, password);
            java.util.Arrays.fill(password, '\0');
        }
    }
}
