/**
 * The etcd v3 API: the {@link dev.etcdj.v3.EtcdV3} facade, the model, options and the
 * {@link dev.etcdj.v3.spi.V3Adapter} SPI. Shares {@code dev.etcdj.api}'s errors; depends on nothing else.
 */
module dev.etcdj.v3 {
    requires transitive dev.etcdj.api;

    exports dev.etcdj.v3;
    exports dev.etcdj.v3.spi;
}
