package dev.etcdj.http.internal;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Key;
import java.net.URI;
import java.util.List;
import net.jqwik.api.*;

/** Encoded keys decode back to the same key, with the JDK's own URI decoder as the referee. */
class KeyEncodingProperties {

    @Property(tries = 3000)
    void encodedPathsDecodeToTheSameKey(@ForAll("segments") List<String> segments) {
        Key key = Key.of("/" + String.join("/", segments));
        StringBuilder sb = new StringBuilder("http://h/v2/keys");
        PercentEncoder.encodePath(key.path(), sb);
        URI uri = URI.create(sb.toString());
        assertNull(uri.getRawQuery(), "nothing leaks into the query");
        assertNull(uri.getRawFragment(), "nothing leaks into the fragment");
        assertEquals("/v2/keys" + key.path(), uri.getPath());
        assertEquals(segments.size() + 3, uri.getRawPath().split("/", -1).length, "no segment contains a raw '/'");
    }

    @Property(tries = 3000)
    void encodedFormValuesDecodeToTheSameText(@ForAll("text") String value) {
        StringBuilder sb = new StringBuilder();
        PercentEncoder.encode(value, sb);
        assertTrue(sb.toString().matches("[A-Za-z0-9._~%-]*"), sb.toString());
        assertEquals(value, java.net.URLDecoder.decode(sb.toString(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<List<String>> segments() {
        return text().filter(s -> !s.isEmpty() && !s.contains("/") && !s.equals(".") && !s.equals("..")
                && s.chars().noneMatch(c -> c < 0x20 || c == 0x7f)).list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> text() {
        Arbitrary<Character> special = Arbitraries.of(' ', '%', '?', '#', '+', '&', '=', ';', '.', '_', '~', '"', '\\',
                'é', 'ß', '日', '\u00a0', '\u2028');
        Arbitrary<String> emoji = Arbitraries.of("\uD83D\uDE00", "\uD83C\uDF89");
        Arbitrary<String> chunk = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(3),
                special.map(String::valueOf),
                emoji,
                Arbitraries.strings().all().ofMaxLength(3).filter(s -> s.codePoints().allMatch(Character::isValidCodePoint)
                        && !hasLoneSurrogate(s)));
        return chunk.list().ofMaxSize(6).map(l -> String.join("", l));
    }

    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
