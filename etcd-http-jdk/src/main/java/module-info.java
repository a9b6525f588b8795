/**
 * The etcd v2 adapter over HTTP/1.1, on blocking sockets or {@code java.net.http.HttpClient}: see
 * {@link dev.etcdj.http.EtcdHttp} and {@link dev.etcdj.http.Transport}.
 * The JSON parser and wire encoding live in a package exported only to the v3 gateway adapter, which
 * shares the socket transport, the endpoint pool and the JSON reader.
 */
@SuppressWarnings("module")   // dev.etcdj.v3.http is compiled after this module
module dev.etcdj.http {
    requires transitive dev.etcdj.api;
    requires transitive java.net.http;
    requires java.naming;   // DNS discovery (SRV records) with the JDK's jdk.naming.dns provider

    exports dev.etcdj.http;
    exports dev.etcdj.http.internal to dev.etcdj.v3.http;
}
