package dev.etcdj.benchmarks;

import dev.etcdj.api.Etcd;
import dev.etcdj.testkit.FakeEtcd;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/** Reads of one key from the in-memory {@link FakeEtcd} through the {@link Etcd} facade, on one thread. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FakeBenchmark {
    FakeEtcd fake;
    Etcd etcd;

    @Setup
    public void start() {
        fake = FakeEtcd.create();
        etcd = fake.client();
        etcd.set("/bench/key", "value");
    }

    @TearDown
    public void stop() {
        etcd.close();
        fake.close();
    }

    @Benchmark
    public Object get() {
        return etcd.get("/bench/key");
    }
}
