package dev.etcdj.http.internal;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.*;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
    static EtcdResult event(String json) {
        return EtcdJson.decodeEvent(json.getBytes(StandardCharsets.UTF_8), EtcdJson.Headers.NONE);
    }

    static String failure(String json) {
        return assertThrows(EtcdProtocolException.class, () -> event(json)).getMessage();
    }

    @Test
    void decodesADirectoryTreeWithRootWithoutKey() {
        EtcdResult r = event("{\"action\":\"get\",\"node\":{\"dir\":true,\"nodes\":[{\"key\":\"/a\",\"value\":\"1\","
                + "\"modifiedIndex\":9223372036854775807,\"createdIndex\":4},{\"key\":\"/d\",\"dir\":true,"
                + "\"expiration\":\"2026-11-22T06:08:35.577755238Z\",\"ttl\":5,\"modifiedIndex\":5,\"createdIndex\":5}]}}\n");
        Directory root = r.node().asDirectory();
        assertEquals("/", root.key());
        assertEquals(0, root.modifiedIndex());
        Value a = root.children().get(0).asValue();
        assertEquals(Long.MAX_VALUE, a.modifiedIndex(), "64-bit indexes stay exact");
        Directory d = root.children().get(1).asDirectory();
        assertEquals(java.time.Instant.parse("2026-11-22T06:08:35.577755238Z"), d.expiration().orElseThrow());
        assertEquals(java.time.Duration.ofSeconds(5), d.ttl().orElseThrow());
        assertEquals(List.of(), d.children());
    }

    @Test
    void decodesGoEscapesAndSurrogatePairs() {
        EtcdResult r = event("{\"action\":\"set\",\"node\":{\"key\":\"/k\",\"value\":\"\\u003ca\\u003e\\u0026 \\ud83d\\ude00 \\\"q\\\" \\\\ \\n ü\",\"modifiedIndex\":1,\"createdIndex\":1}}");
        assertEquals("<a>& \uD83D\uDE00 \"q\" \\ \n ü", r.node().asValue().value());
    }

    @Test
    void stringsAreReadExactlyWhereverTheirSpecialBytesFallInTheEightByteWords() {
        // the fast path scans eight bytes at a time: put an escape, a non-ASCII character, a control
        // character and the end of the string at every offset of a word, in strings of every length up to 40
        for (int length = 0; length <= 40; length++) {
            for (int at = 0; at <= length; at++) {
                String plain = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ".substring(0, length);
                assertEquals(plain, read("\"" + plain + "\""), "plain, length " + length);
                String before = plain.substring(0, at);
                String after = plain.substring(at);
                assertEquals(before + "\"" + after, read("\"" + before + "\\\"" + after + "\""), "escape at " + at);
                assertEquals(before + "é✓" + after, read("\"" + before + "é✓" + after + "\""), "UTF-8 at " + at);
                String control = "\"" + before + "\u0001" + after + "\"";
                EtcdProtocolException e = assertThrows(EtcdProtocolException.class, () -> read(control));
                assertTrue(e.getMessage().contains("Unescaped control character"), e.getMessage());
            }
        }
        assertEquals("\uFFFD", new JsonReader(new byte[] {'"', (byte) 0xC3, '"'}).nextString(),
                "a broken UTF-8 sequence decodes as the replacement character, as before");
    }

    private static String read(String json) {
        return new JsonReader(json.getBytes(StandardCharsets.UTF_8)).nextString();
    }

    @Test
    void unknownFieldsAreSkipped() {
        EtcdResult r = event("{\"extra\":[1,{\"x\":null}],\"action\":\"delete\",\"node\":{\"key\":\"/k\",\"new\":true,\"modifiedIndex\":2,\"createdIndex\":1}}");
        assertEquals(Action.DELETE, r.action());
        assertNull(r.node().asValue().value());
    }

    @Test
    void errorsSayWhatWhereAndAtWhichPath() {
        assertEquals("Expected an integer but was a string at offset 63 (1:64), path $.node.modifiedIndex",
                failure("{\"action\":\"get\",\"node\":{\"key\":\"/a\",\"value\":\"1\",\"modifiedIndex\":\"9\"}}"));
        assertEquals("Expected ',' or '}' at offset 35 (1:36), path $.node.key",
                failure("{\"action\":\"get\",\"node\":{\"key\":\"/a\" \"value\":\"1\"}}"));
        assertEquals("Unknown action \"explode\" at offset 10 (1:11), path $.action",
                failure("{\"action\":\"explode\"}"));
        assertEquals("Expected a string but was a number at offset 77 (2:20), path $.node.nodes[1].key",
                failure("{\"action\":\"get\",\"node\":{\"dir\":true,\"nodes\":[{\"key\":\"/a\"},\n{\"dir\":false,\"key\":7}]}}"));
        assertEquals("Unterminated string at offset 33 (1:34), path $.node.key",
                failure("{\"action\":\"get\",\"node\":{\"key\":\"/a"));
        assertEquals("Unexpected character after the JSON document at offset 17 (1:18), path $",
                failure("{\"action\":\"get\"} x"));
        assertEquals("Missing \"action\" in an etcd event at offset 2 (1:3), path $", failure("{}"));
        assertEquals("Integer out of the 64-bit range at offset 51 (1:52), path $.node.modifiedIndex",
                failure("{\"action\":\"get\",\"node\":{\"key\":\"/a\",\"modifiedIndex\":9223372036854775808}}"));
        assertEquals("Expected an integer, not a fraction or exponent at offset 51 (1:52), path $.node.createdIndex",
                failure("{\"action\":\"get\",\"node\":{\"key\":\"/a\",\"createdIndex\":1.5}}"));
        assertEquals("Expected an RFC 3339 timestamp but was \"yesterday\" at offset 48 (1:49), path $.node.expiration",
                failure("{\"action\":\"get\",\"node\":{\"key\":\"/a\",\"expiration\":\"yesterday\"}}"));
        assertEquals("Unescaped control character in a string at offset 32 (1:33), path $.node.key",
                failure("{\"action\":\"get\",\"node\":{\"key\":\"/\u0001\"}}"));
    }

    @Test
    void nestingBeyondTheLimitIsRejectedWithoutOverflowingTheStack() {
        String deep = "{\"action\":\"get\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertEquals("Nesting deeper than 256 levels at offset 276 (1:277), path $.x" + "[0]".repeat(255),
                failure(deep));
    }

    @Test
    void errorBodiesDecodeToTheirTypedExceptions() {
        byte[] body = "{\"errorCode\":100,\"message\":\"Key not found\",\"cause\":\"/missing\",\"index\":5}\n"
                .getBytes(StandardCharsets.UTF_8);
        EtcdServerException e = EtcdJson.decodeError(body, 0, body.length);
        assertInstanceOf(KeyNotFoundException.class, e);
        assertEquals("Key not found (100): /missing [index 5]", e.getMessage());
        byte[] unknown = "{\"errorCode\":999,\"message\":\"Brand new\",\"index\":7}".getBytes(StandardCharsets.UTF_8);
        EtcdServerException u = EtcdJson.decodeError(unknown, 0, unknown.length);
        assertEquals(EtcdServerException.class, u.getClass());
        assertNull(u.code());
        assertEquals("Brand new (999) [index 7]", u.getMessage());
    }
}
