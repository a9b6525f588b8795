/**
 * The etcd v3 adapter over etcd's JSON gateway: {@link dev.etcdj.v3.http.GatewayAdapter}. It reuses
 * {@code dev.etcdj.http}'s socket transport, endpoint pool and JSON reader (a qualified export).
 */
module dev.etcdj.v3.http {
    requires transitive dev.etcdj.v3;
    requires transitive java.net.http;
    requires dev.etcdj.http;

    exports dev.etcdj.v3.http;
}
