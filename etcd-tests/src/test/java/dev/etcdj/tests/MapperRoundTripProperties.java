package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.mapper.EtcdMapper;
import dev.etcdj.mapper.Repository;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.*;

/** Arbitrary nested records round-trip through a real etcd. */
class MapperRoundTripProperties {
    record Leaf(String text, Optional<Long> n, Set<String> tags) {
    }

    record Branch(String name, List<Leaf> leaves, Map<String, Leaf> byKey, Optional<Branch> next) {
    }

    static Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(5),
                Arbitraries.of("", "/", "%", "_x", "~", "..", "ü日本", "a b&c=d"));
    }

    static Arbitrary<Branch> branch(int depth) {
        Arbitrary<Leaf> leaf = Combinators.combine(text(), Arbitraries.longs().optional(), text().set().ofMaxSize(2)).as(Leaf::new);
        Arbitrary<Optional<Branch>> next = depth == 0 ? Arbitraries.just(Optional.empty())
                : Arbitraries.lazy(() -> branch(depth - 1)).optional();
        return Combinators.combine(text(), leaf.list().ofMaxSize(2), Arbitraries.maps(text(), leaf).ofMaxSize(2), next)
                .as(Branch::new);
    }

    @Property(tries = 25)
    void recordsRoundTripThroughRealEtcd(@ForAll("branches") Branch record) {
        try (Etcd etcd = RealEtcd.shared().client()) {
            Repository<Branch> repo = EtcdMapper.create().repository(etcd, "/mapper-props/" + UUID.randomUUID(), Branch.class);
            repo.put("r", record);
            assertEquals(Optional.of(record), repo.get("r"));
            assertEquals(Map.of("r", record), repo.list());
        }
    }

    @Property(tries = 15)
    void everySupportedTypeRoundTripsThroughRealEtcd(@ForAll("everything") dev.etcdj.mapper.Samples.Everything record) {
        try (Etcd etcd = RealEtcd.shared().client()) {
            Repository<dev.etcdj.mapper.Samples.Everything> repo = EtcdMapper.create()
                    .repository(etcd, "/mapper-all/" + UUID.randomUUID(), dev.etcdj.mapper.Samples.Everything.class);
            repo.put("r", record);
            assertTrue(dev.etcdj.mapper.Samples.same(record, repo.get("r").orElseThrow()), () -> "wrote " + record);
        }
    }

    @Provide
    Arbitrary<dev.etcdj.mapper.Samples.Everything> everything() {
        return dev.etcdj.mapper.Samples.everything();
    }

    @Provide
    Arbitrary<Branch> branches() {
        return branch(3);
    }
}
