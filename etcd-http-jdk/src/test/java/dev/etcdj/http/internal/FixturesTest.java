package dev.etcdj.http.internal;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.*;
import dev.etcdj.api.spi.EtcdRequest;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks every recorded exchange of etcd 3.4.23: every JSON body parses; every {@code /v2/keys} answer
 * decodes to the model its JSON describes (checked against an independent tree reading), or to the typed
 * exception with the code, message, cause and index of the body.
 */
class FixturesTest {

    static Stream<Fixture> jsonBodies() {
        return Fixture.all().stream().filter(Fixture::isJson);
    }

    static Stream<Fixture> keysAnswers() {
        return Fixture.all().stream().filter(f -> f.path().startsWith("/v2/keys") && !f.method().equals("HEAD")
                && !f.method().equals("OPTIONS") && !f.method().equals("PATCH") && f.status() != 301);
    }

    @Test
    void theFixturesAreAllThere() {
        assertEquals(326, Fixture.all().size(), "326 of the 328 fixtures have an HTTP/1.1 answer");
        assertTrue(jsonBodies().count() > 250);
    }

    @ParameterizedTest
    @MethodSource("jsonBodies")
    void everyJsonBodyParses(Fixture f) {
        for (byte[] doc : documents(f)) {
            JsonReader r = new JsonReader(doc);
            assertNotNull(r.readTree());
            r.finish();
        }
    }

    @ParameterizedTest
    @MethodSource("keysAnswers")
    void everyKeysAnswerDecodesToItsModelOrItsTypedError(Fixture f) {
        EtcdRequest request = requestOf(f);
        HttpHeaders headers = HttpHeaders.of(
                f.headers().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))),
                (a, b) -> true);
        for (byte[] doc : documents(f)) {
            Object tree = f.isJson() ? new JsonReader(doc).readTree() : null;
            if ((f.status() == 200 || f.status() == 201) && tree instanceof Map<?, ?> event) {
                EtcdResult result = Responses.decode("fixture", request, f.status(), headers, new LimitedBody.Bytes(doc, doc.length));
                assertEquals(event.get("action"), result.action().wireName());
                assertNode(event.get("node"), result.node());
                assertNode(event.get("prevNode"), result.prevNode().orElse(null));
                assertEquals(Long.parseLong(f.headers().get("x-etcd-index")), result.etcdIndex());
                assertEquals(Long.parseLong(f.headers().getOrDefault("x-raft-index", "0")), result.raftIndex());
                assertEquals(Long.parseLong(f.headers().getOrDefault("x-raft-term", "0")), result.raftTerm());
                assertEquals(f.headers().get("x-etcd-cluster-id"), result.clusterId());
            } else if (tree instanceof Map<?, ?> error && error.containsKey("errorCode")) {
                EtcdServerException e = assertThrows(EtcdServerException.class, () -> Responses.decode("fixture",
                        request, f.status(), headers, new LimitedBody.Bytes(doc, doc.length)));
                int code = (int) ((JsonReader.JsonNumber) error.get("errorCode")).asLong();
                assertEquals(code, e.errorCode());
                assertEquals(error.get("message"), e.errorMessage());
                assertEquals(error.containsKey("cause") ? error.get("cause") : "", e.errorCause());
                assertEquals(((JsonReader.JsonNumber) error.get("index")).asLong(), e.index());
                assertEquals(f.status(), ErrorCode.of(code).httpStatus(), "the code table's HTTP status");
                assertEquals(expectedType(code), e.getClass());
            } else if (f.status() == 200 && doc.length == 0 && request.operation() == EtcdRequest.Operation.WAIT) {
                assertThrows(dev.etcdj.api.spi.WatchEndedException.class, () -> Responses.decode("fixture",
                        request, f.status(), headers, new LimitedBody.Bytes(doc, doc.length)));
            } else if (f.status() == 401) {
                UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> Responses.decode("fixture",
                        request, f.status(), headers, new LimitedBody.Bytes(doc, doc.length)));
                assertEquals(110, e.errorCode());
            } else {
                EtcdProtocolException e = assertThrows(EtcdProtocolException.class, () -> Responses.decode("fixture",
                        request, f.status(), headers, new LimitedBody.Bytes(doc, doc.length)));
                assertEquals(f.status(), e.status());
            }
        }
    }

    static Class<?> expectedType(int code) {
        switch (code) {
            case 100: return KeyNotFoundException.class;
            case 101: return CompareFailedException.class;
            case 102: return NotAFileException.class;
            case 104: return NotADirectoryException.class;
            case 105: return NodeExistsException.class;
            case 107: return RootReadOnlyException.class;
            case 108: return DirectoryNotEmptyException.class;
            case 110: return UnauthorizedException.class;
            case 300: return RaftInternalException.class;
            case 401: return EventIndexClearedException.class;
            default: return code >= 200 && code < 300 ? InvalidRequestException.class : EtcdServerException.class;
        }
    }

    /** A stream watch body holds one document per line; every other body is one document. */
    static List<byte[]> documents(Fixture f) {
        if (!f.query().contains("stream=true")) {
            return List.of(f.body());
        }
        List<byte[]> out = new ArrayList<>();
        for (String line : new String(f.body(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                out.add(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static EtcdRequest requestOf(Fixture f) {
        boolean wait = f.query().contains("wait=true");
        EtcdRequest.Operation op;
        switch (f.method()) {
            case "PUT": op = EtcdRequest.Operation.SET; break;
            case "POST": op = EtcdRequest.Operation.APPEND; break;
            case "DELETE": op = EtcdRequest.Operation.DELETE; break;
            default: op = wait ? EtcdRequest.Operation.WAIT : EtcdRequest.Operation.GET;
        }
        return EtcdRequest.newBuilder(op, Key.of("/fixture")).build();
    }

    @SuppressWarnings("unchecked")
    static void assertNode(Object expected, Node actual) {
        if (expected == null) {
            assertNull(actual);
            return;
        }
        Map<String, Object> e = (Map<String, Object>) expected;
        assertNotNull(actual, "node " + e);
        String key = (String) e.getOrDefault("key", "/");
        assertEquals(key, actual.key());
        assertEquals(index(e, "createdIndex"), actual.createdIndex());
        assertEquals(index(e, "modifiedIndex"), actual.modifiedIndex());
        assertEquals(Optional.ofNullable((String) e.get("expiration")).map(Instant::parse), actual.expiration());
        assertEquals(Optional.ofNullable((JsonReader.JsonNumber) e.get("ttl")).map(n -> Duration.ofSeconds(n.asLong())),
                actual.ttl());
        boolean dir = Boolean.TRUE.equals(e.get("dir")) || e.containsKey("nodes");
        assertEquals(dir, actual.isDirectory(), key);
        if (dir) {
            List<Object> nodes = (List<Object>) e.getOrDefault("nodes", List.of());
            List<Node> children = actual.asDirectory().children();
            assertEquals(nodes.size(), children.size());
            for (int i = 0; i < nodes.size(); i++) {
                assertNode(nodes.get(i), children.get(i));
            }
        } else {
            assertEquals(e.get("value"), actual.asValue().value());
        }
    }

    static long index(Map<String, Object> node, String name) {
        Object n = node.get(name);
        return n == null ? 0 : ((JsonReader.JsonNumber) n).asLong();
    }
}
