/**
 * etcd's v2 cluster, stats and auth API: {@link dev.etcdj.api.admin.EtcdCluster} (members, leader, stats,
 * version, health) and {@link dev.etcdj.api.admin.EtcdAuth} (enable, users, roles), with their records.
 */
package dev.etcdj.api.admin;
