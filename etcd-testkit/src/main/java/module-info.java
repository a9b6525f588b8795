/**
 * Test support for code that uses etcdj: {@link dev.etcdj.testkit.FakeEtcd}, an in-memory etcd v2 with
 * the real server's semantics; {@link dev.etcdj.testkit.FakeEtcdServer}, the fake behind real HTTP;
 * {@link dev.etcdj.testkit.ManualClock}; and {@link dev.etcdj.testkit.EtcdProcess}, which launches a real
 * etcd on free loopback ports; {@link dev.etcdj.testkit.EtcdContract}, the laws any v2 store keeps, as
 * jqwik properties (jqwik is needed only by those who run the contract); and {@link dev.etcdj.testkit.junit.EtcdTest},
 * a JUnit 5 extension (JUnit is needed only by those who use it).
 */
module dev.etcdj.testkit {
    requires transitive dev.etcdj.api;
    requires transitive dev.etcdj.http;
    requires transitive dev.etcdj.v3;
    requires static net.jqwik.api;
    requires static org.junit.jupiter.api;

    exports dev.etcdj.testkit;
    exports dev.etcdj.testkit.junit;
}
