package dev.etcdj.v3;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ByteSequenceTest {
    static ByteSequence bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return ByteSequence.of(out);
    }

    @Test
    void keysOrderAsEtcdOrdersThemUnsigned() {
        List<ByteSequence> keys = new ArrayList<>(List.of(bytes(0xff), bytes('a', 'b'), bytes('a'), bytes(0x80), bytes()));
        keys.sort(null);
        assertEquals(List.of(bytes(), bytes('a'), bytes('a', 'b'), bytes(0x80), bytes(0xff)), keys);
    }

    @Test
    void prefixEndIsWhatEtcdsClientsCompute() {
        assertEquals(ByteSequence.of("/app0"), ByteSequence.of("/app/").prefixEnd());
        assertEquals(bytes('a', 1), bytes('a', 0).prefixEnd());
        assertEquals(bytes('b'), bytes('a', 0xff, 0xff).prefixEnd());
        assertEquals(ByteSequence.ZERO, bytes(0xff, 0xff).prefixEnd(), "all 0xff: every key");
        assertEquals(ByteSequence.ZERO, ByteSequence.EMPTY.prefixEnd());
    }

    @Property
    void everyKeyWithThePrefixIsBelowItsEnd(@ForAll byte[] prefix, @ForAll byte[] rest) {
        ByteSequence p = ByteSequence.of(prefix);
        ByteSequence key = p.concat(ByteSequence.of(rest));
        ByteSequence end = p.prefixEnd();
        assertTrue(key.compareTo(p) >= 0);
        assertTrue(end.equals(ByteSequence.ZERO) || key.compareTo(end) < 0, key + " < " + end);
    }

    @Test
    void copiesInAndOut() {
        byte[] a = {1, 2, 3};
        ByteSequence s = ByteSequence.of(a);
        a[0] = 9;
        s.toByteArray()[1] = 9;
        assertEquals(bytes(1, 2, 3), s);
    }

    @Test
    void textIsUtf8AndUnpairedSurrogatesAreRefused() {
        assertEquals(7, ByteSequence.of("/é/€").size());
        assertEquals("/é/€", ByteSequence.of("/é/€").asString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteSequence.of("a\ud800"));
        assertTrue(e.getMessage().contains("unpaired surrogate"));
    }

    @Test
    void toStringShowsTextOrHex() {
        assertEquals("/config/db", ByteSequence.of("/config/db").toString());
        assertEquals("0x00ff0a", bytes(0, 0xff, '\n').toString());
        assertTrue(ByteSequence.of("a").startsWith(ByteSequence.EMPTY));
        assertFalse(ByteSequence.of("a").startsWith(ByteSequence.of("ab")));
    }
}
