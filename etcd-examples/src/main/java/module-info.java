/** The runnable tour of etcdj. */
module dev.etcdj.examples {
    requires dev.etcdj.api;
    requires dev.etcdj.http;
    requires dev.etcdj.testkit;
    requires dev.etcdj.mapper;
    requires dev.etcdj.v3;
    requires dev.etcdj.v3.http;
}
