/** The in-memory etcd v3: its MVCC store, lessor and apply path, along etcd's own source files. */
package dev.etcdj.testkit.internal.v3;
