package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.*;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Keys with characters that URLs and forms treat specially round-trip through a real etcd. */
abstract class KeyEncodingSuite extends BackendSuite {
    String root = RealEtcd.unique("enc");

    KeyEncodingSuite(Backend backend) {
        super(backend);
    }

    @ParameterizedTest
    @ValueSource(strings = {"with space", "pct%41", "what?", "hash#tag", "a+b", "x&y=z", "ünïcödé", "日本語",
            "emoji\uD83D\uDE00", "semi;colon", "quote\"s", "back\\slash", "...", "%2E%2E", "%2F", "tab\u00a0nbsp",
            "<html>&amp;", "~tilde", "'apos'"})
    void keyAndValueRoundTrip(String name) {
        String key = root + "/" + name;
        String value = "value of " + name + " +&=%?#";
        EtcdResult set = etcd.set(key, value);
        assertEquals(key, set.node().key());
        Got got = etcd.get(key);
        assertEquals(key, got.node().key());
        assertEquals(value, got.node().asValue().value());
        List<String> listed = etcd.get(root).node().asDirectory().children().stream().map(Node::name)
                .collect(Collectors.toList());
        assertTrue(listed.contains(name), listed + " should contain " + name);
    }

    @Test
    void malformedKeysAreRejectedBeforeAnyRequest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> etcd.set("/a//b", "x"));
        assertEquals("invalid etcd key \"/a//b\": it has an empty segment (\"//\"), which etcd redirects instead of serving",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> etcd.get("/a/../b"));
        assertEquals("invalid etcd key \"/a/../b\": it has a \".\" or \"..\" segment, which etcd redirects instead of serving",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> etcd.get("/a\nb"));
        assertEquals("invalid etcd key \"/a\\u000ab\": it has a control character (U+000A) at index 2", e.getMessage());
        assertFalse(etcd.exists("/a"), "nothing was written");
    }
}
