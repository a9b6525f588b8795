package dev.etcdj.http;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static dev.etcdj.api.Option.*;
import static org.junit.jupiter.api.Assertions.*;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.etcdj.api.*;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Faults and odd answers each become a typed exception within the deadline; requests go out as etcd expects. */
class HttpAdapterFaultsTest {
    /** The transport under test: the default; {@link HttpClientTransportFaultsTest} runs the same tests on {@code HttpClient}. */
    Transport transport() {
        return Transport.SOCKETS;
    }

    HttpAdapter.Builder builder() {
        return HttpAdapter.newBuilder().transport(transport());
    }

    static final String EVENT = "{\"action\":\"get\",\"node\":{\"key\":\"/a\",\"value\":\"1\",\"modifiedIndex\":4,\"createdIndex\":4}}\n";
    static WireMockServer server;
    static String url;
    Etcd etcd;

    @BeforeAll
    static void start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
        etcd = Etcd.of(builder().endpoints(url).requestTimeout(Duration.ofMillis(800)).build());
    }

    static int deadPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    <T extends Throwable> T within(Class<T> type, org.junit.jupiter.api.function.Executable call) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(type, call),
                "the call must end by its deadline, not hang");
    }

    @Test
    void connectionResetOnAReadIsRetriedOnceByTheTransportThenReported() {
        server.stubFor(get(urlPathEqualTo("/v2/keys/a")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        EtcdConnectionException e = within(EtcdConnectionException.class, () -> etcd.get("/a"));
        assertFalse(e.mayHaveBeenApplied());
        assertTrue(e.getMessage().startsWith("connection lost during GET /a at " + url + ": "), e.getMessage());
        server.verify(2, getRequestedFor(urlPathEqualTo("/v2/keys/a")));
    }

    @Test
    void aReadThatLostItsConnectionGoesToTheNextEndpoint() {
        server.stubFor(get(urlPathEqualTo("/v2/keys/a")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        WireMockServer second = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        second.start();
        try (Etcd two = Etcd.of(builder().endpoints(url, "http://127.0.0.1:" + second.port()).build())) {
            second.stubFor(get(urlPathEqualTo("/v2/keys/a")).willReturn(okJson(EVENT)));
            assertEquals("1", two.get("/a").node().asValue().value());
        } finally {
            second.stop();
        }
    }

    @Test
    void connectionResetOnAWriteIsNeverRetried() {
        server.stubFor(put(urlPathEqualTo("/v2/keys/a")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        EtcdConnectionException e = within(EtcdConnectionException.class, () -> etcd.set("/a", "v"));
        assertTrue(e.mayHaveBeenApplied());
        assertTrue(e.getMessage().endsWith("; the write may have been applied and was not retried"), e.getMessage());
        server.verify(1, putRequestedFor(urlPathEqualTo("/v2/keys/a")));
    }

    @Test
    void aBodyCutShortIsAConnectionError() {
        server.stubFor(get(urlPathEqualTo("/v2/keys/a")).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        within(EtcdConnectionException.class, () -> etcd.get("/a"));
    }

    @Test
    void anEmptyResponseIsAConnectionError() {
        server.stubFor(get(urlPathEqualTo("/v2/keys/a")).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        within(EtcdConnectionException.class, () -> etcd.get("/a"));
    }

    @Test
    void aStalledResponseFailsAtTheDeadline() {
        server.stubFor(get(urlPathEqualTo("/v2/keys/a")).willReturn(okJson(EVENT).withFixedDelay(5_000)));
        EtcdTimeoutException e = within(EtcdTimeoutException.class, () -> etcd.get("/a", timeout(Duration.ofMillis(300))));
        assertEquals("GET /a did not complete within PT0.3S", e.getMessage());
    }

    @Test
    void aBodyThatStallsAfterTheHeadersFailsAtTheDeadline() {
        server.stubFor(put(urlPathEqualTo("/v2/keys/a")).willReturn(okJson(EVENT).withChunkedDribbleDelay(4, 5_000)));
        EtcdTimeoutException e = within(EtcdTimeoutException.class, () -> etcd.set("/a", "v"));
        assertEquals("SET /a did not complete within PT0.8S; the write may still have been applied", e.getMessage());
    }

    @Test
    void a500WithHtmlIsAProtocolErrorWithAnExcerpt() {
        server.stubFor(get(urlPathEqualTo("/v2/keys/a")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "text/html").withBody("<html><body>Bad Gateway</body></html>")));
        EtcdProtocolException e = within(EtcdProtocolException.class, () -> etcd.get("/a"));
        assertEquals(500, e.status());
        assertEquals("HTTP 500 with a non-etcd answer for GET /a at " + url + "/v2; body: <html><body>Bad Gateway</body></html>",
                e.getMessage());
    }

    @Test
    void aJsonErrorWithAnUnknownCodeIsAServerException() {
        server.stubFor(get(urlPathEqualTo("/v2/keys/a")).willReturn(aResponse().withStatus(400)
                .withBody("{\"errorCode\":999,\"message\":\"Something new\",\"cause\":\"/a\",\"index\":12}\n")));
        EtcdServerException e = within(EtcdServerException.class, () -> etcd.get("/a"));
        assertEquals(EtcdServerException.class, e.getClass());
        assertEquals(999, e.errorCode());
        assertNull(e.code());
        assertEquals("Something new (999): /a [index 12]", e.getMessage());
    }

    @Test
    void malformedJsonIsAProtocolErrorThatSaysWhere() {
        server.stubFor(get(urlPathEqualTo("/v2/keys/a")).willReturn(okJson("{\"action\":\"get\",\"node\":{\"key\":7}}")));
        EtcdProtocolException e = within(EtcdProtocolException.class, () -> etcd.get("/a"));
        assertEquals("could not decode the answer to GET /a at " + url + "/v2 (HTTP 200, 33 bytes): Expected a string but "
                + "was a number at offset 30 (1:31), path $.node.key", e.getMessage());
    }

    @Test
    void aRedirectIsNotFollowed() {
        server.stubFor(put(urlPathEqualTo("/v2/keys/a")).willReturn(aResponse().withStatus(301)
                .withHeader("Location", "/v2/keys/b")));
        EtcdProtocolException e = within(EtcdProtocolException.class, () -> etcd.set("/a", "v"));
        assertEquals("HTTP 301 redirect to /v2/keys/b for SET /a at " + url
                + "/v2; redirects are not followed (a write must not be re-sent)", e.getMessage());
        server.verify(0, putRequestedFor(urlPathEqualTo("/v2/keys/b")));
    }

    @Test
    void aTooLargeBodyIsRejected() {
        server.stubFor(get(urlPathEqualTo("/v2/keys/a")).willReturn(okJson(EVENT)));
        try (Etcd small = Etcd.of(builder().endpoints(url).maxResponseBytes(16).build())) {
            EtcdProtocolException e = within(EtcdProtocolException.class, () -> small.get("/a"));
            assertEquals("response body larger than the limit of 16 bytes", e.getMessage());
        }
    }

    @Test
    void aDeadEndpointIsSkippedForTheNextOne() throws Exception {
        server.stubFor(get(urlPathEqualTo("/v2/keys/a")).willReturn(okJson(EVENT).withHeader("X-Etcd-Index", "4")));
        String dead = "http://127.0.0.1:" + deadPort();
        try (Etcd two = Etcd.of(builder().endpoints(dead, url).build())) {
            assertEquals("1", two.get("/a").node().asValue().value());
            assertEquals(4, two.get("/a").etcdIndex());
        }
    }

    @Test
    void allEndpointsDeadIsAConnectionErrorWithEachCause() throws Exception {
        String a = "http://127.0.0.1:" + deadPort();
        String b = "http://127.0.0.1:" + deadPort();
        try (Etcd dead = Etcd.of(builder().endpoints(a, b).build())) {
            EtcdConnectionException e = within(EtcdConnectionException.class, () -> dead.set("/a", "v"));
            assertFalse(e.mayHaveBeenApplied(), "a refused connection sent nothing");
            assertTrue(e.getMessage().startsWith("could not connect for SET /a at " + b), e.getMessage());
            assertTrue(e.getSuppressed()[0].getMessage().startsWith("could not connect for SET /a at " + a));
        }
    }

    @Test
    void writesAreFormsAndDeleteConditionsGoInTheQuery() {
        server.stubFor(any(anyUrl()).willReturn(okJson(EVENT.replace("\"get\"", "\"compareAndSwap\""))));
        etcd.compareAndSwap("/a b/c+d", "x+y &z", ttl(Duration.ofSeconds(5)), prevIndex(3));
        server.verify(putRequestedFor(urlEqualTo("/v2/keys/a%20b/c%2Bd"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("value=x%2By%20%26z&ttl=5&prevIndex=3")));
        server.stubFor(any(anyUrl()).willReturn(okJson(EVENT.replace("\"get\"", "\"compareAndDelete\""))));
        etcd.compareAndDelete("/a", prevValue("v 1"));
        server.verify(deleteRequestedFor(urlEqualTo("/v2/keys/a?prevValue=v%201")).withRequestBody(absent()));
        server.stubFor(any(anyUrl()).willReturn(okJson(EVENT)));
        etcd.get("/q?#", recursive(), sorted(), quorum());
        server.verify(getRequestedFor(urlEqualTo("/v2/keys/q%3F%23?recursive=true&sorted=true&quorum=true")));
    }

    @Test
    void credentialsAreSentButNeverShown() {
        server.stubFor(get(urlPathEqualTo("/v2/keys/a")).willReturn(aResponse().withStatus(401)
                .withBody("{\"message\":\"Insufficient credentials\"}")));
        HttpAdapter adapter = builder().endpoints(url).credentials("alice", "s3cret!".toCharArray()).build();
        try (Etcd authed = Etcd.of(adapter)) {
            UnauthorizedException e = within(UnauthorizedException.class, () -> authed.get("/a"));
            assertEquals("Insufficient credentials", e.errorCause());
            server.verify(getRequestedFor(urlPathEqualTo("/v2/keys/a"))
                    .withHeader("Authorization", equalTo("Basic YWxpY2U6czNjcmV0IQ==")));
            assertFalse(adapter.toString().contains("s3cret"), adapter.toString());
            assertFalse(e.getMessage().contains("s3cret"));
            assertEquals("HttpAdapter[endpoints=[" + url + "], prefix=/v2, user=alice, requestTimeout=PT10S]", adapter.toString());
        }
    }

    @Test
    void aClosedAdapterRefusesWork() {
        etcd.close();
        EtcdException e = assertThrows(EtcdClosedException.class, () -> etcd.get("/a"));
        assertTrue(e.getMessage().startsWith("GET /a: the client is closed (HttpAdapter[endpoints=[" + url + "]"), e.getMessage());
    }

    @Test
    void badEndpointsAreRejectedAtOnce() {
        assertEquals("endpoint must be an http:// or https:// URL with a host: \"ftp://x\"",
                assertThrows(IllegalArgumentException.class, () -> builder().endpoints("ftp://x")).getMessage());
        assertEquals("endpoint must not have a query, fragment or user info (use credentials(...)): http://h",
                assertThrows(IllegalArgumentException.class,
                        () -> builder().endpoints("http://u:pw@h:2379")).getMessage());
        assertEquals("no endpoint: call endpoints(\"http://127.0.0.1:2379\")",
                assertThrows(IllegalStateException.class, () -> builder().build()).getMessage());
    }
}
