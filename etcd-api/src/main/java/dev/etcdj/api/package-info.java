/**
 * The etcdj client API. Start with {@link dev.etcdj.api.Etcd}: every key operation of etcd's v2 API, in a
 * blocking form and (through {@link dev.etcdj.api.Etcd#async()}) an asynchronous one. Results form the
 * sealed family {@link dev.etcdj.api.EtcdResult}; nodes are {@link dev.etcdj.api.Value} or
 * {@link dev.etcdj.api.Directory}; every failure is an unchecked {@link dev.etcdj.api.EtcdException}.
 * Options are static factories of {@link dev.etcdj.api.Option}, typed by the call they fit.
 */
package dev.etcdj.api;
