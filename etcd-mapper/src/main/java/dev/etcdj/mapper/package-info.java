/**
 * Records as etcd directories. {@link dev.etcdj.mapper.EtcdMapper} turns records into trees of keys and
 * back; {@link dev.etcdj.mapper.Repository} keeps a directory of records with guarded, diff-based writes.
 */
package dev.etcdj.mapper;
