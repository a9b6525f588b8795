package dev.etcdj.mapper;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.testkit.FakeEtcd;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a user sees when a record does not fit, message for message. */
class MappingErrorsTest {
    record Service(String host, int port) {
    }

    record Renamed(@EtcdName("host-name") String host, @EtcdIgnore String cache, int port) {
    }

    record BadTtl(@EtcdTtl String ttl) {
    }

    record Clash(@EtcdName("a") String x, String a) {
    }

    record Hidden(@EtcdName("_x") String x) {
    }

    record Unsupported(Thread t) {
    }

    record WildList(List<?> items) {
    }

    record Upper(@EtcdCodec(UpperCodec.class) String name) {
    }

    public static final class UpperCodec implements Codec<String> {
        @Override
        public String encode(String value) {
            return value.toUpperCase();
        }

        @Override
        public String decode(String text) {
            return text.toLowerCase();
        }
    }

    final FakeEtcd fake = FakeEtcd.create();
    final Etcd etcd = fake.client();
    final EtcdMapper mapper = EtcdMapper.create();

    String readError(Class<? extends Record> type) {
        return assertThrows(MappingException.class, () -> mapper.repository(etcd, "/s", type).get("a")).getMessage();
    }

    @Test
    void aValueThatDoesNotParseNamesComponentKeyAndRawValue() {
        etcd.set("/s/a/~rev", "1");
        etcd.set("/s/a/host", "h");
        etcd.set("/s/a/port", "eighty");
        assertEquals("Service[a].port: \"eighty\" is not a valid int (NumberFormatException: For input string: \"eighty\") "
                + "at /s/a/port", readError(Service.class));
    }

    @Test
    void anUnknownKeyIsAnErrorUnlessLenient() {
        etcd.set("/s/a/~rev", "1");
        etcd.set("/s/a/host", "h");
        etcd.set("/s/a/port", "80");
        etcd.set("/s/a/colour", "red");
        assertEquals("Service[a]: unknown key /s/a/colour (value \"red\") for a Service; build the mapper with "
                + "lenient(true) to ignore unknown keys", readError(Service.class));
        Repository<Service> lenient = EtcdMapper.newBuilder().lenient(true).build().repository(etcd, "/s", Service.class);
        assertEquals(new Service("h", 80), lenient.get("a").orElseThrow());
    }

    @Test
    void aMissingPrimitiveIsAnError() {
        etcd.set("/s/a/~rev", "1");
        etcd.set("/s/a/host", "h");
        assertEquals("Service[a].port: missing key /s/a/port (a int component must be present)", readError(Service.class));
    }

    @Test
    void aDirectoryWhereAValueBelongs() {
        etcd.set("/s/a/~rev", "1");
        etcd.set("/s/a/host/x", "h");
        etcd.set("/s/a/port", "1");
        assertEquals("Service[a].host: expected a value but found a directory at /s/a/host", readError(Service.class));
    }

    @Test
    void typesThatCannotBeMappedAreRejectedWhenTheRepositoryIsMade() {
        assertEquals("BadTtl.ttl: @EtcdTtl goes on a java.time.Duration component, not java.lang.String",
                assertThrows(MappingException.class, () -> mapper.repository(etcd, "/s", BadTtl.class)).getMessage());
        assertEquals("Clash: components x and a both map to the key \"a\"",
                assertThrows(MappingException.class, () -> mapper.repository(etcd, "/s", Clash.class)).getMessage());
        assertEquals("Hidden.x: \"_x\" cannot be an etcd key here (empty, '/', a leading '_' or '~', '.' or '..', or a "
                + "control character)", assertThrows(MappingException.class, () -> mapper.repository(etcd, "/s", Hidden.class)).getMessage());
        assertEquals("Unsupported.t: no codec for java.lang.Thread; register one with EtcdMapper.newBuilder().codec(Thread.class, ...)",
                assertThrows(MappingException.class, () -> mapper.repository(etcd, "/s", Unsupported.class)).getMessage());
        assertEquals("WildList.items[]: unsupported type ? (supported: values with a codec, records, List, Set, Map<String, V>, Optional)",
                assertThrows(MappingException.class, () -> mapper.repository(etcd, "/s", WildList.class)).getMessage());
    }

    @Test
    void renamesIgnoresAndCodecs() {
        Repository<Renamed> r = mapper.repository(etcd, "/r", Renamed.class);
        r.put("a", new Renamed("h", "not stored", 1));
        assertEquals("h", etcd.get("/r/a/host-name").node().asValue().value());
        assertFalse(etcd.exists("/r/a/cache"));
        assertEquals(new Renamed("h", null, 1), r.get("a").orElseThrow());
        Repository<Upper> u = mapper.repository(etcd, "/u", Upper.class);
        u.put("a", new Upper("shout"));
        assertEquals("SHOUT", etcd.get("/u/a/name").node().asValue().value());
        assertEquals(new Upper("shout"), u.get("a").orElseThrow());
    }

    @Test
    void registeredCodecsWinAndTheLastRegistrationWins() {
        EtcdMapper m = EtcdMapper.newBuilder()
                .codec(Integer.class, Codec.of(i -> "first", s -> 1))
                .codec(Integer.class, Codec.of(i -> "0x" + Integer.toHexString(i), s -> Integer.parseInt(s.substring(2), 16)))
                .build();
        assertEquals(Map.of("host", "h", "port", "0x50"), m.toKeys(new Service("h", 80)));
        Repository<Service> r = m.repository(etcd, "/x", Service.class);
        r.put("a", new Service("h", 80));
        assertEquals(new Service("h", 80), r.get("a").orElseThrow());
    }

    @Test
    void invalidIdsAreRejectedBeforeAnyRequest() {
        Repository<Service> r = mapper.repository(etcd, "/s", Service.class);
        assertEquals("invalid record id \"a/b\": it must be one visible key segment (not empty, no '/', no leading '_' or "
                + "'~', not '.' or '..')", assertThrows(IllegalArgumentException.class, () -> r.get("a/b")).getMessage());
        assertTrue(fake.requests().isEmpty());
    }

    @Test
    void aHalfWrittenRecordIsNotReturned() {
        etcd.set("/s/a/~rev", "2~");   // a first write that died: there is no clean state to return
        etcd.set("/s/a/host", "h");
        etcd.set("/s/a/port", "1");
        assertEquals(java.util.Optional.empty(), mapper.repository(etcd, "/s", Service.class).get("a"));
        Repository<Service> r = mapper.repository(etcd, "/s", Service.class);
        r.put("a", new Service("h", 2));
        assertEquals(new Service("h", 2), r.get("a").orElseThrow(), "a put repairs it");
        assertEquals("3", etcd.get("/s/a/~rev").node().asValue().value());
    }
}
