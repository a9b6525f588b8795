/**
 * The etcd v3 client: {@link dev.etcdj.v3.EtcdV3}, keys and values as {@link dev.etcdj.v3.ByteSequence},
 * reads with revisions, writes, deletes, transactions, compaction and leases. Errors share etcdj's root,
 * {@link dev.etcdj.api.EtcdException}.
 */
package dev.etcdj.v3;
