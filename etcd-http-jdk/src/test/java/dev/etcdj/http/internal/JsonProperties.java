package dev.etcdj.http.internal;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.EtcdProtocolException;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.*;
import net.jqwik.api.constraints.Size;

/**
 * The parser, fed arbitrary bytes or fixture bodies with random damage, either returns a model or throws
 * {@link EtcdProtocolException}: never another exception, a hang or a stack overflow.
 */
class JsonProperties {
    static final List<byte[]> BODIES = Fixture.all().stream().filter(Fixture::isJson)
            .flatMap(f -> FixturesTest.documents(f).stream()).collect(Collectors.toList());

    static void decodeAll(byte[] bytes) {
        try {
            EtcdJson.decodeEvent(bytes, EtcdJson.Headers.NONE);
        } catch (EtcdProtocolException expected) {
            assertNotNull(expected.getMessage());
        }
        try {
            EtcdJson.decodeError(bytes, 0, bytes.length);
        } catch (EtcdProtocolException expected) {
            assertTrue(expected.getMessage().contains(" at offset "), expected.getMessage());
        }
        try {
            new JsonReader(bytes).readTree();
        } catch (EtcdProtocolException expected) {
            assertTrue(expected.getMessage().contains(", path $"), expected.getMessage());
        }
    }

    @Property(tries = 2000)
    void arbitraryBytesOnlyEverFailWithAProtocolException(@ForAll @Size(max = 400) byte[] bytes) {
        decodeAll(bytes);
    }

    @Property(tries = 3000)
    void damagedFixtureBodiesOnlyEverFailWithAProtocolException(@ForAll("damaged") byte[] bytes) {
        decodeAll(bytes);
    }

    @Provide
    Arbitrary<byte[]> damaged() {
        Arbitrary<byte[]> body = Arbitraries.of(BODIES);
        return body.flatMap(b -> Arbitraries.integers().between(1, 6).flatMap(n ->
                Arbitraries.integers().between(0, Math.max(0, b.length - 1)).list().ofSize(n).flatMap(positions ->
                        Arbitraries.of((byte) '{', (byte) '}', (byte) '[', (byte) ']', (byte) '"', (byte) '\\', (byte) ',',
                                (byte) ':', (byte) '0', (byte) '-', (byte) 'e', (byte) 'u', (byte) 0, (byte) 0xff, (byte) ' ')
                                .list().ofSize(n).flatMap(bytes -> Arbitraries.of(0, 1, 2).map(mode -> {
                                    byte[] copy = b.clone();
                                    for (int i = 0; i < positions.size(); i++) {
                                        copy[positions.get(i)] = bytes.get(i);
                                    }
                                    return mode == 0 ? copy : mode == 1
                                            ? java.util.Arrays.copyOf(copy, positions.get(0))
                                            : concat(copy, copy);
                                })))));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Property(tries = 200)
    void everyFixtureBodyRoundTripsUnchangedThroughTheTreeReader(@ForAll("bodies") byte[] bytes) {
        JsonReader r = new JsonReader(bytes);
        assertNotNull(r.readTree());
        r.finish();
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.of(BODIES);
    }
}
