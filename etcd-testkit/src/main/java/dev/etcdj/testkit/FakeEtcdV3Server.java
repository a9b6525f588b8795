package dev.etcdj.testkit;

import dev.etcdj.testkit.internal.GoExchange;
import dev.etcdj.testkit.internal.GoHttpServer;
import dev.etcdj.testkit.internal.v3.GatewayServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A {@link FakeEtcdV3} behind real HTTP, speaking etcd's v3 JSON gateway on a loopback port: the
 * key-value calls, transactions and compaction, leases (the keep-alive as the gateway's one-message
 * stream), the cluster, maintenance and auth calls, authentication ({@code Authorization: <token>}), and
 * {@code /v3/watch} over a WebSocket (many watches on one connection, as etcd serves them) or a POST stream. Any v3 JSON client can use it, such as
 * {@code GatewayAdapter} or {@code curl}; answers are etcd 3.4's bodies (errors as
 * {@code {"error","code","message"}}, with the HTTP status etcd's gateway gives the gRPC code).
 *
 * <pre>{@code
 * try (FakeEtcdV3Server server = FakeEtcdV3Server.start();
 *      EtcdV3 etcd = EtcdV3.of(GatewayAdapter.newBuilder().endpoints(server.url()).build())) {
 *     etcd.put("/k", "v");
 * }
 * }</pre>
 *
 * <p>Not served: the snapshot stream, leader transfer, downgrade, and the lock and election services.
 * Thread-safe; {@link #close()} stops the server and its threads.
 */
public final class FakeEtcdV3Server implements AutoCloseable {
    private final FakeEtcdV3 fake;
    private final GoHttpServer http;

    private FakeEtcdV3Server(FakeEtcdV3 fake) {
        this.fake = fake;
        GatewayServer gateway = new GatewayServer(fake.server());
        this.http = GoHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                (GoExchange x) -> gateway.handle(x), "fake-etcd-v3-http");
    }

    /** {@return a server for a fresh fake, on a free loopback port} */
    public static FakeEtcdV3Server start() {
        return start(FakeEtcdV3.create());
    }

    /**
     * {@return a server for {@code fake}, on a free loopback port}; closing the server leaves the fake open
     *
     * @param fake the fake to serve
     */
    public static FakeEtcdV3Server start(FakeEtcdV3 fake) {
        return new FakeEtcdV3Server(Objects.requireNonNull(fake, "fake == null"));
    }

    /** {@return the fake served} */
    public FakeEtcdV3 fake() {
        return fake;
    }

    /** {@return the client URL, {@code http://127.0.0.1:<port>}} */
    public String url() {
        return "http://127.0.0.1:" + http.address().getPort();
    }

    /** Stops serving and closes every connection; the fake stays open. */
    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "FakeEtcdV3Server[" + url() + ", " + fake + "]";
    }
}
