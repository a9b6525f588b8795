/**
 * The etcd v2 adapter over HTTP/1.1, on blocking sockets or {@code java.net.http.HttpClient}: see
 * {@link dev.etcdj.http.EtcdHttp} and {@link dev.etcdj.http.Transport}.
 * The JSON parser and wire encoding live in a non-exported package.
 */
module dev.etcdj.http {
    requires transitive dev.etcdj.api;
    requires transitive java.net.http;
    requires java.naming;   // DNS discovery (SRV records) with the JDK's jdk.naming.dns provider

    exports dev.etcdj.http;
}
