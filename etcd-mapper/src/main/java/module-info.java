/**
 * Java records in and out of etcd directory trees: {@link dev.etcdj.mapper.EtcdMapper} and
 * {@link dev.etcdj.mapper.Repository}.
 */
module dev.etcdj.mapper {
    requires transitive dev.etcdj.api;

    exports dev.etcdj.mapper;
}
