package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.*;
import dev.etcdj.api.spi.EtcdRequest;
import dev.etcdj.http.internal.LimitedBody;
import dev.etcdj.http.internal.Responses;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every store error the protocol reference lists, produced by a real etcd and mapped by the adapter's
 * response decoding. Errors the facade prevents before I/O (bad numbers and booleans, refresh misuse) are
 * provoked with raw HTTP requests and decoded by the same code the adapter uses.
 */
abstract class ServerErrorsSuite extends BackendSuite {
    static HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String root = RealEtcd.unique("err");

    ServerErrorsSuite(Backend backend) {
        super(backend);
    }

    EtcdServerException raw(String method, String pathAndQuery, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(backend.url() + "/v2/keys" + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        b.method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        EtcdRequest request = EtcdRequest.newBuilder(EtcdRequest.Operation.GET, Key.of("/raw")).build();
        return assertThrows(EtcdServerException.class, () -> Responses.decode("etcd", request, r.statusCode(),
                r.headers(), new LimitedBody.Bytes(r.body(), r.body().length)));
    }

    static <T extends EtcdServerException> T check(Class<T> type, int code, String message, EtcdServerException e) {
        T typed = assertInstanceOf(type, e);
        assertEquals(code, e.errorCode());
        assertEquals(message, e.errorMessage());
        assertEquals(ErrorCode.of(code), e.code());
        return typed;
    }

    @Test
    void e100KeyNotFoundNamesTheFirstMissingComponent() {
        EtcdServerException e = assertThrows(EtcdServerException.class, () -> etcd.get(root + "/a/b/c"));
        check(KeyNotFoundException.class, 100, "Key not found", e);
        assertEquals(root, e.errorCause());
        assertTrue(e.index() > 0);
        assertEquals("Key not found (100): " + root + " [index " + e.index() + "]", e.getMessage());
    }

    @Test
    void e101CompareFailed() {
        etcd.set(root + "/c", "now");
        EtcdServerException e = assertThrows(EtcdServerException.class,
                () -> etcd.compareAndSwap(root + "/c", "x", Option.prevValue("before")));
        check(CompareFailedException.class, 101, "Compare failed", e);
        assertEquals("[before != now]", e.errorCause());
    }

    @Test
    void e102NotAFile() {
        etcd.mkdir(root + "/dir");
        EtcdServerException e = assertThrows(EtcdServerException.class, () -> etcd.set(root + "/dir", "x"));
        check(NotAFileException.class, 102, "Not a file", e);
        assertEquals(root + "/dir", e.errorCause());
    }

    @Test
    void e104NotADirectory() {
        etcd.set(root + "/file", "x");
        EtcdServerException e = assertThrows(EtcdServerException.class, () -> etcd.set(root + "/file/below", "y"));
        check(NotADirectoryException.class, 104, "Not a directory", e);
        assertEquals(root + "/file", e.errorCause());
    }

    @Test
    void e105NodeExists() {
        etcd.set(root + "/n", "x");
        check(NodeExistsException.class, 105, "Key already exists",
                assertThrows(EtcdServerException.class, () -> etcd.create(root + "/n", "y")));
    }

    @Test
    void e107RootIsReadOnly() {
        EtcdServerException e = assertThrows(EtcdServerException.class, () -> etcd.execute(
                EtcdRequest.newBuilder(EtcdRequest.Operation.DELETE, Key.ROOT).recursive(true).build()));
        check(RootReadOnlyException.class, 107, "Root is read only", e);
        assertEquals("/", e.errorCause());
        IllegalArgumentException before = assertThrows(IllegalArgumentException.class, () -> etcd.delete("/"));
        assertEquals("delete: the root \"/\" is read-only", before.getMessage());
    }

    @Test
    void e108DirectoryNotEmpty() {
        etcd.set(root + "/full/x", "1");
        check(DirectoryNotEmptyException.class, 108, "Directory not empty",
                assertThrows(EtcdServerException.class, () -> etcd.delete(root + "/full", Option.dir())));
    }

    @Test
    void e201EmptyPrevValue() throws Exception {
        EtcdServerException e = raw("PUT", root + "/p", "value=x&prevValue=");
        check(InvalidRequestException.class, 201, "PrevValue is Required in POST form", e);
        assertEquals("\"prevValue\" cannot be empty", e.errorCause());
        assertEquals(0, e.index(), "validation errors carry index 0");
    }

    @Test
    void e202BadTtl() throws Exception {
        EtcdServerException e = raw("PUT", root + "/t", "value=x&ttl=abc");
        check(InvalidRequestException.class, 202, "The given TTL in POST form is not a number", e);
        assertEquals("invalid value for \"ttl\"", e.errorCause());
    }

    @Test
    void e203BadIndex() throws Exception {
        EtcdServerException e = raw("PUT", root + "/i", "value=x&prevIndex=abc");
        check(InvalidRequestException.class, 203, "The given index in POST form is not a number", e);
        assertEquals("invalid value for \"prevIndex\"", e.errorCause());
    }

    @Test
    void e209InvalidField() throws Exception {
        EtcdServerException e = raw("GET", root + "?recursive=yes", null);
        check(InvalidRequestException.class, 209, "Invalid field", e);
        assertEquals("invalid value for \"recursive\"", e.errorCause());
    }

    @Test
    void e211ValueOnRefresh() throws Exception {
        etcd.set(root + "/r", "x", Option.ttl(Duration.ofSeconds(10)));
        check(InvalidRequestException.class, 211, "Value provided on refresh",
                raw("PUT", root + "/r", "refresh=true&ttl=5&value=y&prevExist=true"));
    }

    @Test
    void e212RefreshWithoutTtl() throws Exception {
        etcd.set(root + "/r2", "x");
        check(InvalidRequestException.class, 212, "A TTL must be provided on refresh",
                raw("PUT", root + "/r2", "refresh=true&prevExist=true"));
    }

    @Test
    void e401EventIndexClearedAfterMoreThanAThousandEvents() {
        EtcdResult first = etcd.set(root + "/w", "0");
        for (int i = 0; i < 1005; i++) {
            etcd.set(root + "/w", Integer.toString(i));
        }
        EtcdServerException e = assertThrows(EtcdServerException.class,
                () -> etcd.waitFor(root + "/w", Option.waitIndex(first.node().modifiedIndex())));
        check(EventIndexClearedException.class, 401, "The event in requested index is outdated and cleared", e);
        assertTrue(e.errorCause().matches("the requested history has been cleared \\[\\d+/" + first.node().modifiedIndex() + "]"),
                e.errorCause());
        assertEquals(400, e.code().httpStatus());
    }

    @Test
    void plainTextNotFoundForAWrongPrefixIsAProtocolError() {
        try (Etcd wrong = Etcd.of(dev.etcdj.http.HttpAdapter.newBuilder().endpoints(backend.url())
                .pathPrefix("/v3nope").build())) {
            EtcdProtocolException e = assertThrows(EtcdProtocolException.class, () -> wrong.get("/x"));
            assertEquals(404, e.status());
            assertEquals("HTTP 404 with a non-etcd answer (is the path prefix right, and is the v2 API enabled with "
                    + "--enable-v2=true?) for GET /x at " + backend.url() + "/v3nope; body: 404 page not found",
                    e.getMessage());
        }
    }
}
