package dev.etcdj.benchmarks;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdResult;
import dev.etcdj.http.EtcdHttp;
import dev.etcdj.testkit.EtcdProcess;
import dev.etcdj.testkit.FakeEtcd;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * Simple get and set: etcdj over HTTP against a real etcd, a bare {@link HttpClient} sending the same
 * requests and discarding the bodies (the baseline), and the in-memory {@link FakeEtcd}. The real etcd is
 * started by the benchmark ({@code etcd} must be on the PATH). {@code cpuNanos} divided by the score is
 * this JVM's CPU time per operation: the client's cost, since etcd runs in its own process.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(2)
public class ClientBenchmark {
    EtcdProcess server;
    Etcd etcd;
    HttpClient bare;
    HttpRequest bareGet;
    FakeEtcd fake;
    Etcd fakeClient;
    String url;

    @Setup
    public void start() {
        server = EtcdProcess.start();
        url = server.clientUrl();
        etcd = EtcdHttp.connect(url);
        etcd.set("/bench/key", "value");
        bare = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        bareGet = HttpRequest.newBuilder(URI.create(url + "/v2/keys/bench/key")).GET().build();
        fake = FakeEtcd.create();
        fakeClient = fake.client();
        fakeClient.set("/bench/key", "value");
    }

    @TearDown
    public void stop() {
        etcd.close();
        fakeClient.close();
        fake.close();
        server.close();
    }

    /**
     * This JVM's CPU time, summed over the operations: JMH reports it per second, so CPU per operation is
     * {@code cpuNanos / ops} (both are rates of the same iteration).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Cpu {
        public long cpuNanos;

        static long now() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }
    }

    @Benchmark
    public EtcdResult etcdjGet(Cpu cpu) {
        long c = Cpu.now();
        var r = etcd.get("/bench/key");
        cpu.cpuNanos += Cpu.now() - c;
        return r;
    }

    @Benchmark
    public int bareHttpClientGet(Cpu cpu) throws Exception {
        long c = Cpu.now();
        var r = bare.send(bareGet, HttpResponse.BodyHandlers.discarding()).statusCode();
        cpu.cpuNanos += Cpu.now() - c;
        return r;
    }

    @Benchmark
    public EtcdResult etcdjSet(Cpu cpu) {
        long c = Cpu.now();
        var r = etcd.set("/bench/key", "value");
        cpu.cpuNanos += Cpu.now() - c;
        return r;
    }

    @Benchmark
    public int bareHttpClientSet(Cpu cpu) throws Exception {
        long c = Cpu.now();
        HttpRequest put = HttpRequest.newBuilder(URI.create(url + "/v2/keys/bench/key"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString("value=value")).build();
        int status = bare.send(put, HttpResponse.BodyHandlers.discarding()).statusCode();
        cpu.cpuNanos += Cpu.now() - c;
        return status;
    }

    @Benchmark
    public EtcdResult fakeGet(Cpu cpu) {
        long c = Cpu.now();
        var r = fakeClient.get("/bench/key");
        cpu.cpuNanos += Cpu.now() - c;
        return r;
    }

    @Benchmark
    public EtcdResult fakeSet(Cpu cpu) {
        long c = Cpu.now();
        var r = fakeClient.set("/bench/key", "value");
        cpu.cpuNanos += Cpu.now() - c;
        return r;
    }
}
