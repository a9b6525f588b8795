package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.testkit.FakeEtcdV3;
import dev.etcdj.testkit.FakeEtcdV3Server;
import dev.etcdj.testkit.ManualClock;
import dev.etcdj.v3.EtcdV3;
import dev.etcdj.v3.http.GatewayAdapter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The v3 suites through the gateway adapter, over HTTP and WebSocket, against the fake behind its gateway. */
class V3FakeServerTest {
    static final List<FakeEtcdV3Server> SERVERS = new ArrayList<>();

    static synchronized FakeEtcdV3Server server(FakeEtcdV3 fake) {
        FakeEtcdV3Server s = FakeEtcdV3Server.start(fake);
        SERVERS.add(s);
        return s;
    }

    static EtcdV3 client(FakeEtcdV3Server s) {
        return EtcdV3.of(GatewayAdapter.newBuilder().endpoints(s.url()).build());
    }

    @AfterAll
    static void stopAll() {
        SERVERS.forEach(FakeEtcdV3Server::close);
    }

    @Nested
    class Kv extends V3KvSuite {
        @Override
        EtcdV3 client() {
            return V3FakeServerTest.client(server(FakeEtcdV3.create()));
        }
    }

    @Nested
    class Watches extends V3WatchSuite {
        @Override
        EtcdV3 client() {
            return V3FakeServerTest.client(server(FakeEtcdV3.create()));
        }
    }

    @Nested
    class Admin extends V3AdminSuite {
        @Override
        EtcdV3 client() {
            FakeEtcdV3Server s = server(FakeEtcdV3.create());
            endpoint = s.url();
            return V3FakeServerTest.client(s);
        }

        String endpoint;

        @Override
        String endpoint() {
            return endpoint;
        }
    }

    @Nested
    class Auth extends V3AuthSuite {
        final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
        FakeEtcdV3 fake;
        FakeEtcdV3Server server;

        @Override
        void startServer() {
            fake = FakeEtcdV3.create(clock);
            server = server(fake);
        }

        @Override
        void stopServer() {
            server.close();
        }

        @Override
        EtcdV3 anonymousClient() {
            return V3FakeServerTest.client(server);
        }

        @Override
        EtcdV3 clientAs(String user, char[] password) {
            return EtcdV3.of(GatewayAdapter.newBuilder().endpoints(server.url()).credentials(user, password).build());
        }

        @Override
        void expireTokens() {
            clock.advance(Duration.ofMinutes(5));
        }
    }

    @Test
    void aWatchFromAPastRevisionGoesThroughTheCutsOfItsConnection() throws Exception {
        FakeEtcdV3 fake = FakeEtcdV3.create();
        FakeEtcdV3Server s = server(fake);
        try (CuttingProxy proxy = new CuttingProxy(s.url());
             EtcdV3 writer = client(s);
             EtcdV3 watcher = EtcdV3.of(GatewayAdapter.newBuilder().endpoints(proxy.url()).build())) {
            V3WatchSoak.run(writer, watcher, proxy::cutAll, 5_000, 4, Duration.ofMillis(100));
        }
    }

    @Test
    void theWatchesOfOneClientShareOneWebSocket() throws Exception {
        V3WatchSharing.run(server(FakeEtcdV3.create()).url());
    }

    @Test
    void anyJsonClientGetsTheGatewaysBodiesAndErrors() throws Exception {
        FakeEtcdV3Server s = server(FakeEtcdV3.create());
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/v3/kv/put"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"L2s=\",\"value\":\"dg==\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode());
        assertTrue(put.body().contains("\"revision\":\"2\""), put.body());
        HttpResponse<String> future = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/v3/kv/range"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"L2s=\",\"revision\":99}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, future.statusCode());
        assertEquals("{\"error\":\"etcdserver: mvcc: required revision is a future revision\",\"code\":11,"
                + "\"message\":\"etcdserver: mvcc: required revision is a future revision\"}", future.body());
        HttpResponse<String> noKey = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/v3/kv/put"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"value\":\"dg==\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, noKey.statusCode());
        assertTrue(noKey.body().contains("key is not provided"), noKey.body());
    }
}
