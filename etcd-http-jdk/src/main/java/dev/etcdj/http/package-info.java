/**
 * The HTTP transport: {@link dev.etcdj.http.EtcdHttp#connect(String...)} for the common case,
 * {@link dev.etcdj.http.HttpAdapter#newBuilder()} for endpoints, path prefix, deadlines, TLS, credentials
 * and the executor.
 */
package dev.etcdj.http;
