/**
 * Coordination recipes built on the {@link dev.etcdj.api.Etcd} facade alone, so they run unchanged on real
 * etcd and on the testkit's fake: {@link dev.etcdj.api.recipes.EtcdLock}.
 */
package dev.etcdj.api.recipes;
