package dev.etcdj.http;

/**
 * How {@link HttpAdapter} moves bytes; chosen with {@link HttpAdapter.Builder#transport}. Both speak
 * HTTP/1.1 with keep-alive connections, verify TLS host names, honour every deadline and behave the same
 * under failures; they differ in threads and cost.
 */
public enum Transport {
    /**
     * {@code java.net.http.HttpClient}: non-blocking I/O on the client's selector thread, so any number of
     * watches wait without holding a thread each. Every call is handed between the caller's thread, the
     * selector and the client's executor, which costs CPU and latency; and under concurrent writes its
     * connection pool now and then hands out a connection it is closing (JDK 17: "header parser received
     * no bytes"), which fails a write as "may have been applied". The default when an
     * {@code HttpClient} or an executor is given to the builder.
     */
    HTTP_CLIENT,
    /**
     * Blocking sockets (the default): a blocking call runs on the caller's thread from request to decoded result, with
     * no hand-off, on a pool of keep-alive connections (one exchange per connection at a time). Several
     * times cheaper per call than {@code HttpClient}; asynchronous calls and watches each hold a thread of
     * the transport's own pool while they wait, so it suits many short calls rather than thousands of
     * watches. Closing the adapter closes every connection and ends those threads.
     */
    SOCKETS
}
