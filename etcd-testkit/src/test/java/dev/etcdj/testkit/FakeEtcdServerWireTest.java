package dev.etcdj.testkit;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Wire details of FakeEtcdServer that the fixture replay cannot check, each as etcd 3.4 shows it. */
class FakeEtcdServerWireTest {
    final FakeEtcdServer server = FakeEtcdServer.start();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> send(String method, String path, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(5));
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        return http.send(b.method(method, form == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String rawExchange(String requestLine) throws IOException {
        URI u = URI.create(server.url());
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write((requestLine + "\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void badEscapesInTheRequestLineWriteNothing() throws Exception {
        long before = server.fake().index();
        assertTrue(rawExchange("PUT /v2/keys/bad%zz HTTP/1.1").startsWith("HTTP/1.1 400"));
        assertTrue(rawExchange("GET /v2/keys/foo?x=%zz HTTP/1.1").startsWith("HTTP/1.1 400"));
        assertEquals(before, server.fake().index(), "nothing was written");
    }

    @Test
    void aRequestLineGoCannotParseClosesTheConnectionWithNoAnswer() throws Exception {   // fixture 154
        long before = server.fake().index();
        assertEquals("", rawExchange("PUT /v2/keys/with space HTTP/1.1"));
        assertEquals(before, server.fake().index());
    }

    @Test
    void http2WithPriorKnowledgeIsAnsweredAsEtcdsGrpcServerAnswersIt() throws Exception {   // fixture 321
        URI u = URI.create(server.url());
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
            s.setSoTimeout(5000);
            java.io.OutputStream out = s.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(hex("000000 04 00 00000000"));                              // SETTINGS, empty
            out.write(hex("000008 06 00 00000000 0102030405060708"));             // PING
            out.write(hex("000003 01 05 00000001 828684"));                       // HEADERS: GET http /
            // what etcd 3.4 sends for that, byte for byte: its settings, two acknowledgements, the reset
            byte[] expected = hex("00000c 04 00 00000000 0005 00004000 0003 ffffffff"
                    + "000000 04 01 00000000"
                    + "000008 06 01 00000000 0102030405060708"
                    + "000004 03 00 00000001 00000001");
            assertArrayEquals(expected, s.getInputStream().readNBytes(expected.length));
            out.write(hex("000008 07 00 00000000 00000000 00000000"));            // GOAWAY: the client leaves
            assertEquals(-1, s.getInputStream().read(), "the connection closes after the client's GOAWAY");
        }
    }

    static byte[] hex(String spaced) {
        return java.util.HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    @Test
    void headersAreFramedAsGoFramesThem() throws Exception {
        server.client().set("/framed", "v");
        String answer = rawExchange("GET /v2/keys/framed HTTP/1.1");
        String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String line : head.split("\r\n")) {
            if (line.contains(": ")) {
                names.add(line.substring(0, line.indexOf(':')));
            }
        }
        // as real etcd sends them (its default --cors=* adds the three CORS headers; CurlDifferentialIT compares)
        assertEquals(java.util.List.of("Access-Control-Allow-Headers", "Access-Control-Allow-Methods",
                "Access-Control-Allow-Origin", "Content-Type", "X-Etcd-Cluster-Id", "X-Etcd-Index",
                "X-Raft-Index", "X-Raft-Term", "Date", "Content-Length", "Connection"), names,
                "the handler's headers in Go's canonical case and sorted, then Date and Content-Length");
        assertTrue(head.matches("(?s).*\r\nDate: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n.*"), head);
    }

    @Test
    void expectContinueIsAnswered() throws Exception {
        URI u = URI.create(server.url());
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
            s.setSoTimeout(5000);
            byte[] body = "value=continued".getBytes(StandardCharsets.UTF_8);
            s.getOutputStream().write(("PUT /v2/keys/expect HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: " + body.length + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            byte[] interim = in.readNBytes("HTTP/1.1 100 Continue\r\n\r\n".length());
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", new String(interim, StandardCharsets.UTF_8));
            s.getOutputStream().write(body);
            byte[] status = in.readNBytes(12);
            assertEquals("HTTP/1.1 201", new String(status, StandardCharsets.UTF_8));
        }
        assertEquals("continued", server.client().get("/expect").node().asValue().value());
    }

    @Test
    void badFormEscapeIs210() throws Exception {
        HttpResponse<String> r = send("PUT", "/v2/keys/foo", "value=%zz");
        assertEquals(400, r.statusCode());
        assertEquals("{\"errorCode\":210,\"message\":\"Invalid POST form\",\"cause\":\"invalid URL escape \\\"%zz\\\"\",\"index\":0}\n",
                r.body());
        assertEquals("0", r.headers().firstValue("X-Etcd-Index").orElseThrow());
    }

    @Test
    void invalidUtf8KeyIsStoredWithItsBytesAndRenderedAsReplacement() throws Exception {
        HttpResponse<String> a = send("PUT", "/v2/keys/bad%FFbyte", "value=1");
        HttpResponse<String> b = send("PUT", "/v2/keys/bad%FEbyte", "value=2");
        assertEquals("{\"action\":\"set\",\"node\":{\"key\":\"/bad\\ufffdbyte\",\"value\":\"1\",\"modifiedIndex\":4,\"createdIndex\":4}}\n",
                a.body());
        assertEquals(201, b.statusCode(), "a different invalid byte is a different key, as in Go");
        assertEquals("1", jsonValue(send("GET", "/v2/keys/bad%FFbyte", null).body()));
    }

    static String jsonValue(String body) {
        int i = body.indexOf("\"value\":\"") + 9;
        return body.substring(i, body.indexOf('"', i));
    }

    @Test
    void uncleanPathsAreRedirectedAndWriteNothing() throws Exception {
        HttpResponse<String> put = send("PUT", "/v2/keys/a//b", "value=1");
        assertEquals(301, put.statusCode());
        assertEquals("/v2/keys/a/b", put.headers().firstValue("Location").orElseThrow());
        assertEquals("", put.body());
        HttpResponse<String> get = send("GET", "/v2/keys/x/../y?recursive=true", null);
        assertEquals("/v2/keys/y?recursive=true", get.headers().firstValue("Location").orElseThrow());
        assertEquals("<a href=\"/v2/keys/y?recursive=true\">Moved Permanently</a>.\n\n", get.body());
        assertEquals(3, server.fake().index());
    }

    @Test
    void methodsAndPathsEtcdDoesNotServe() throws Exception {
        HttpResponse<String> patch = send("PATCH", "/v2/keys/foo", null);
        assertEquals(405, patch.statusCode());
        assertEquals("HEAD,GET,PUT,POST,DELETE", patch.headers().firstValue("Allow").orElseThrow());
        assertEquals("Method Not Allowed\n", patch.body());
        assertTrue(patch.headers().firstValue("X-Etcd-Cluster-Id").isEmpty());
        HttpResponse<String> typo = send("GET", "/v2/keysfoo", null);
        assertEquals(404, typo.statusCode());
        assertEquals("404 page not found\n", typo.body());
    }

    @Test
    void adminEndpointsAnswerAsASingleMember() throws Exception {
        assertEquals("{\"etcdserver\":\"3.4.23\",\"etcdcluster\":\"3.4.0\"}", send("GET", "/version", null).body());
        assertEquals("{\"health\":\"true\"}", send("GET", "/health", null).body());
        assertEquals(server.url(), send("GET", "/v2/machines", null).body());
        String members = send("GET", "/v2/members", null).body();
        assertTrue(members.startsWith("{\"members\":[{\"id\":\"") && members.contains(server.url()) && members.endsWith("]}\n"), members);
        assertTrue(send("GET", "/v2/stats/self", null).body().contains("\"state\":\"StateLeader\""));
        assertEquals("{\"leader\":\"8e9e05c52164694d\",\"followers\":{}}", send("GET", "/v2/stats/leader", null).body());
        assertTrue(send("GET", "/v2/stats/store", null).body().endsWith("\"watchers\":0}"));
        assertEquals(405, send("PUT", "/version", "x=1").statusCode());
    }

    @Test
    void bodyParametersCountOnlyForFormPutsAndPosts() throws Exception {
        send("PUT", "/v2/keys/k", "value=keep");
        HttpResponse<String> del = send("DELETE", "/v2/keys/k", "prevValue=WRONG");
        assertEquals(200, del.statusCode(), "a DELETE body is ignored: the delete is unconditional");
        HttpResponse<String> json = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v2/keys/j"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"value\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(json.body().contains("\"value\":\"\""), "a JSON body is ignored: " + json.body());
    }

    @Test
    void largeBodiesAreChunkedSmallOnesHaveALength() throws Exception {
        HttpResponse<String> small = send("PUT", "/v2/keys/s", "value=x");
        assertTrue(small.headers().firstValue("Content-Length").isPresent());
        HttpResponse<String> big = send("PUT", "/v2/keys/b", "value=" + "y".repeat(3000));
        assertTrue(big.headers().firstValue("Content-Length").isEmpty());
        assertEquals("chunked", big.headers().firstValue("Transfer-Encoding").orElseThrow());
    }
}
