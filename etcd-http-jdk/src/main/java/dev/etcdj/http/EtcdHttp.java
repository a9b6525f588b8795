package dev.etcdj.http;

import dev.etcdj.api.Etcd;

/**
 * Entry points for talking to etcd over HTTP.
 *
 * <pre>{@code
 * try (Etcd etcd = EtcdHttp.connect("http://127.0.0.1:2379")) {
 *     etcd.set("/hello", "world");
 * }
 * }</pre>
 *
 * <p>For any other setting, build the adapter and wrap it:
 * {@code Etcd.of(HttpAdapter.newBuilder().endpoints(...).requestTimeout(...).build())}.
 */
public final class EtcdHttp {
    private EtcdHttp() {
    }

    /**
     * {@return a client for the given endpoints with default settings (see {@link HttpAdapter.Builder})}
     * Nothing is sent until the first call.
     *
     * @param endpoints client URLs, such as {@code http://127.0.0.1:2379}
     * @throws IllegalArgumentException if an endpoint is not an http(s) URL
     */
    public static Etcd connect(String... endpoints) {
        return Etcd.of(HttpAdapter.newBuilder().endpoints(endpoints).build());
    }

    /**
     * {@return a client configured as etcdctl would be from the environment: {@code ETCD_ENDPOINTS}
     * ({@code ETCDCTL_ENDPOINTS}), {@code ETCDCTL_CACERT}/{@code CERT}/{@code KEY}, {@code ETCDCTL_USER}; see
     * {@link HttpAdapter.Builder#environment()}, which also lets explicit settings win}
     */
    public static Etcd fromEnvironment() {
        return Etcd.of(HttpAdapter.newBuilder().environment().build());
    }
}
