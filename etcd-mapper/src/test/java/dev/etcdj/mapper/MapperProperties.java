package dev.etcdj.mapper;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.testkit.FakeEtcd;
import dev.etcdj.mapper.internal.Names;
import net.jqwik.api.*;

/** Arbitrary records round-trip through the fake, and arbitrary map keys through their encoding. */
class MapperProperties {
    static final FakeEtcd FAKE = FakeEtcd.create();
    static final Etcd ETCD = FAKE.client();
    static final EtcdMapper MAPPER = EtcdMapper.create();

    @Property(tries = 150)
    void recordsRoundTripThroughTheFake(@ForAll("everything") Samples.Everything record) {
        Repository<Samples.Everything> repo = MAPPER.repository(ETCD, "/props", Samples.Everything.class);
        repo.put("r", record);
        Samples.Everything back = repo.get("r").orElseThrow();
        assertTrue(Samples.same(record, back), () -> "wrote " + record + "\nread  " + back);
    }

    @Property(tries = 50)
    void rewritingARecordAsAnotherLeavesExactlyTheOther(@ForAll("everything") Samples.Everything first,
                                                        @ForAll("everything") Samples.Everything second) {
        Repository<Samples.Everything> repo = MAPPER.repository(ETCD, "/props2", Samples.Everything.class);
        repo.put("r", first);
        repo.put("r", second);
        assertTrue(Samples.same(second, repo.get("r").orElseThrow()));
        assertEquals(MAPPER.toKeys(second).keySet(), MAPPER.toKeys(repo.get("r").orElseThrow()).keySet());
    }

    @Property(tries = 2000)
    void mapKeysRoundTripAsVisibleSegments(@ForAll("keys") String key) {
        String segment = Names.encode(key);
        assertEquals(key, Names.decode(segment));
        assertFalse(segment.isEmpty() || segment.contains("/") || segment.startsWith("_") || segment.startsWith("~")
                || segment.equals(".") || segment.equals(".."), segment);
    }

    @Provide
    Arbitrary<Samples.Everything> everything() {
        return Samples.everything();
    }

    @Provide
    Arbitrary<String> keys() {
        return Samples.text();
    }
}
