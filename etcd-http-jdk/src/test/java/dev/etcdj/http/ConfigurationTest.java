package dev.etcdj.http;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.junit.jupiter.api.Assertions.*;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.etcdj.api.*;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cluster-id pinning and configuration from etcdctl's environment variables (seed rows A: expected_cluster_id, env). */
class ConfigurationTest {
    WireMockServer server;
    String url;

    @BeforeEach
    void start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    void answerFrom(String clusterId) {
        server.stubFor(get(urlPathEqualTo("/v2/keys/a")).willReturn(okJson(HttpAdapterFaultsTest.EVENT)
                .withHeader("X-Etcd-Cluster-Id", clusterId).withHeader("X-Etcd-Index", "4")));
    }

    @Test
    void aPinnedClientRefusesAnswersFromAnotherCluster() {
        answerFrom("cdf818194e3a8c32");
        try (Etcd pinned = Etcd.of(HttpAdapter.newBuilder().endpoints(url).expectedClusterId("CDF818194E3A8C32").build());
             Etcd elsewhere = Etcd.of(HttpAdapter.newBuilder().endpoints(url).expectedClusterId("534a021c215e0774").build())) {
            assertEquals("1", pinned.get("/a").node().asValue().value());
            EtcdClusterMismatchException e = assertThrows(EtcdClusterMismatchException.class, () -> elsewhere.get("/a"));
            assertEquals("cdf818194e3a8c32", e.actual());
            assertEquals("534a021c215e0774", e.expected());
            assertTrue(e.getMessage().contains("it was not used"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> HttpAdapter.newBuilder().expectedClusterId("not-hex"));
    }

    @Test
    void aWatchOnAnotherClusterEndsWithTheMismatch() {
        server.stubFor(get(urlPathEqualTo("/v2/keys/w/_etcdj-index")).willReturn(aResponse().withStatus(404)
                .withHeader("X-Etcd-Cluster-Id", "1").withHeader("X-Etcd-Index", "7")
                .withBody("{\"errorCode\":100,\"message\":\"Key not found\",\"cause\":\"/w/_etcdj-index\",\"index\":7}")));
        try (Etcd pinned = Etcd.of(HttpAdapter.newBuilder().endpoints(url).expectedClusterId("2").build())) {
            assertThrows(EtcdClusterMismatchException.class, () -> pinned.watch("/w"));
        }
    }

    @Test
    void theEnvironmentConfiguresWhatIsNotSetExplicitly() {
        answerFrom("1");
        HttpAdapter fromEnv = HttpAdapter.newBuilder()
                .environment(Map.of("ETCDCTL_ENDPOINTS", url + ",http://127.0.0.1:1", "ETCDCTL_USER", "app:s3cret")).build();
        try (Etcd etcd = Etcd.of(fromEnv)) {
            assertEquals(List.of(url, "http://127.0.0.1:1"), fromEnv.endpoints());
            etcd.get("/a");
            server.verify(getRequestedFor(urlPathEqualTo("/v2/keys/a")).withBasicAuth(
                    new com.github.tomakehurst.wiremock.client.BasicCredentials("app", "s3cret")));
            assertFalse(fromEnv.toString().contains("s3cret"), fromEnv.toString());
        }
        HttpAdapter explicit = HttpAdapter.newBuilder().environment(Map.of("ETCD_ENDPOINTS", "http://127.0.0.1:1"))
                .endpoints(url).build();
        assertEquals(List.of(url), explicit.endpoints(), "explicit endpoints win, whatever the order of the calls");
        assertEquals(List.of("http://127.0.0.1:2379"), HttpAdapter.newBuilder().environment(Map.of()).build().endpoints(),
                "etcdctl's default");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> HttpAdapter.newBuilder().environment(Map.of("ETCDCTL_CACERT", "/nonexistent/ca.pem")).build());
        assertTrue(missing.getMessage().contains("/nonexistent/ca.pem"), missing.getMessage());
    }
}
