/**
 * Test support: launch a real etcd process ({@link dev.etcdj.testkit.EtcdProcess}).
 */
package dev.etcdj.testkit;
