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
 * started by the benchmark ({@code etcd} must be on the PATH). {@code cpuMicrosPerOp} is this JVM's CPU
 * time per operation (the client's cost; etcd runs in its own process).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
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

    /** Counts this JVM's CPU time per operation, reported next to the throughput. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        long startCpu;
        long startOps;
        public long ops;
        public double cpuMicrosPerOp;

        @Setup(Level.Iteration)
        public void begin() {
            startCpu = cpu();
            ops = 0;
        }

        @TearDown(Level.Iteration)
        public void end() {
            cpuMicrosPerOp = ops == 0 ? 0 : (cpu() - startCpu) / 1000.0 / ops;
        }

        static long cpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }
    }

    @Benchmark
    public EtcdResult etcdjGet(Cpu cpu) {
        cpu.ops++;
        return etcd.get("/bench/key");
    }

    @Benchmark
    public int bareHttpClientGet(Cpu cpu) throws Exception {
        cpu.ops++;
        return bare.send(bareGet, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Benchmark
    public EtcdResult etcdjSet(Cpu cpu) {
        cpu.ops++;
        return etcd.set("/bench/key", "value");
    }

    @Benchmark
    public int bareHttpClientSet(Cpu cpu) throws Exception {
        cpu.ops++;
        HttpRequest put = HttpRequest.newBuilder(URI.create(url + "/v2/keys/bench/key"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString("value=value")).build();
        return bare.send(put, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Benchmark
    public EtcdResult fakeGet(Cpu cpu) {
        cpu.ops++;
        return fakeClient.get("/bench/key");
    }

    @Benchmark
    public EtcdResult fakeSet(Cpu cpu) {
        cpu.ops++;
        return fakeClient.set("/bench/key", "value");
    }
}
