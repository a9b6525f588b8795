/** The etcd v3 adapter over etcd's JSON gateway: {@link dev.etcdj.v3.http.GatewayAdapter}. */
package dev.etcdj.v3.http;
