package dev.etcdj.benchmarks;

import dev.etcdj.api.Etcd;
import dev.etcdj.mapper.EtcdMapper;
import dev.etcdj.mapper.Repository;
import dev.etcdj.testkit.EtcdProcess;
import dev.etcdj.testkit.FakeEtcd;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * {@code Repository.list()} of 1,000 records of 10 components each: one recursive GET and the decoding,
 * against a real etcd (started by the benchmark) and against the in-memory fake.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MapperListBenchmark {
    /** Ten components of common kinds. */
    public record Service(String host, int port, String zone, boolean enabled, long weight, Instant since, UUID id,
                          List<String> tags, Map<String, String> labels, String owner) {
    }

    EtcdProcess server;
    Etcd real;
    FakeEtcd fake;
    Etcd fakeClient;
    Repository<Service> onReal;
    Repository<Service> onFake;

    @Setup
    public void fill() {
        server = EtcdProcess.start();
        real = server.client();
        fake = FakeEtcd.create();
        fakeClient = fake.client();
        EtcdMapper mapper = EtcdMapper.create();
        onReal = mapper.repository(real, "/services", Service.class);
        onFake = mapper.repository(fakeClient, "/services", Service.class);
        for (int i = 0; i < 1000; i++) {
            Service s = new Service("10.0." + i / 256 + "." + i % 256, 8000 + i, "zone-" + i % 3, i % 2 == 0, i,
                    Instant.ofEpochSecond(1_700_000_000L + i), new UUID(i, i), List.of("a", "b"), Map.of("team", "t" + i % 7),
                    "owner-" + i);
            onReal.put("s" + i, s);
            onFake.put("s" + i, s);
        }
    }

    @TearDown
    public void stop() {
        real.close();
        fakeClient.close();
        fake.close();
        server.close();
    }

    @Benchmark
    public Map<String, Service> listOnRealEtcd() {
        return onReal.list();
    }

    @Benchmark
    public Map<String, Service> listOnFake() {
        return onFake.list();
    }
}
