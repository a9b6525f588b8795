/**
 * Coordination recipes built on the {@link dev.etcdj.api.Etcd} facade alone, so they run unchanged on real
 * etcd and on the testkit's fake: {@link dev.etcdj.api.recipes.EtcdLock} (python-etcd's layout, fencing
 * tokens), {@link dev.etcdj.api.recipes.EtcdReentrantLock}, {@link dev.etcdj.api.recipes.EtcdElection},
 * {@link dev.etcdj.api.recipes.EtcdSemaphore}, {@link dev.etcdj.api.recipes.EtcdQueue},
 * {@link dev.etcdj.api.recipes.EtcdBarrier}, {@link dev.etcdj.api.recipes.EtcdDoubleBarrier} and
 * {@link dev.etcdj.api.recipes.EtcdKeepAlive}.
 *
 * <p>Every recipe is thread-safe; every blocking call is interruptible and has a deadline; keys held on a
 * TTL are refreshed on one small scheduler shared by the JVM (or one the builder is given), never a thread
 * per recipe. A key on a TTL is a lease: a process that stalls longer than the TTL loses what it held, so
 * the lock and the election hand out fencing tokens that grow with every holder.
 */
package dev.etcdj.api.recipes;
