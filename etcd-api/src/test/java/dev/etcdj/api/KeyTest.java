package dev.etcdj.api;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyTest {
    static String rejected(String key) {
        return assertThrows(IllegalArgumentException.class, () -> Key.of(key)).getMessage();
    }

    @Test
    void normalisesLeadingAndTrailingSlashes() {
        assertEquals("/a/b", Key.of("a/b").path());
        assertEquals("/a/b", Key.of("/a/b/").path());
        assertEquals("/", Key.of("").path());
        assertEquals("/", Key.of("/").path());
        assertTrue(Key.of("/").isRoot());
        assertEquals(List.of("a", "b c"), Key.of("/a/b c").segments());
        assertEquals("b c", Key.of("/a/b c").name());
        assertEquals(Key.of("/a"), Key.of("/a/b").parent());
        assertEquals(Key.ROOT, Key.of("/a").parent());
        assertEquals(Key.of("/a/b/c"), Key.of("/a").resolve("b/c"));
        assertTrue(Key.of("/a/b").isDescendantOf(Key.of("/a")));
        assertFalse(Key.of("/ab").isDescendantOf(Key.of("/a")));
        assertTrue(Key.of("/x/_h").isHidden());
    }

    @Test
    void rejectsWhatEtcdWouldRedirectOrMisread() {
        assertEquals("invalid etcd key \"/a//b\": it has an empty segment (\"//\"), which etcd redirects instead of serving",
                rejected("/a//b"));
        assertEquals("invalid etcd key \"//\": it has an empty segment (\"//\"), which etcd redirects instead of serving",
                rejected("//"));
        assertEquals("invalid etcd key \"/a/./b\": it has a \".\" or \"..\" segment, which etcd redirects instead of serving",
                rejected("/a/./b"));
        assertEquals("invalid etcd key \"..\": it has a \".\" or \"..\" segment, which etcd redirects instead of serving",
                rejected(".."));
        assertEquals("invalid etcd key \"a\\u007fb\": it has a control character (U+007F) at index 1", rejected("a\u007fb"));
        assertEquals("invalid etcd key \"/a\uD800\": it has an unpaired surrogate, which is not valid Unicode",
                rejected("/a\uD800"));
        assertEquals("key == null", assertThrows(NullPointerException.class, () -> Key.of(null)).getMessage());
        assertEquals("key is not normalised: \"a\"; use Key.of(...)",
                assertThrows(IllegalArgumentException.class, () -> new Key("a")).getMessage());
    }

    @Test
    void acceptsEverythingElse() {
        for (String ok : List.of("/sp ace", "/pct%", "/q?", "/h#", "/p+", "/a&b", "/日本", "/\uD83D\uDE00", "/...", "/.x",
                "/_hidden")) {
            assertEquals(ok, Key.of(ok).path());
        }
    }
}
