/**
 * Test support for code that uses etcdj: {@link dev.etcdj.testkit.EtcdProcess} launches a real etcd on
 * free loopback ports for integration tests.
 */
module dev.etcdj.testkit {
    requires transitive dev.etcdj.api;
    requires transitive dev.etcdj.http;

    exports dev.etcdj.testkit;
}
