package dev.etcdj.benchmarks;

import dev.etcdj.api.EtcdConnectionException;
import dev.etcdj.testkit.EtcdProcess;
import dev.etcdj.v3.EtcdV3;
import dev.etcdj.v3.http.GatewayAdapter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * v3 range and put of one key on a real etcd 3.5 through its JSON gateway: by etcdj
 * ({@code GatewayAdapter}, which decodes the answer into a {@code RangeResult}), and by a bare
 * {@link HttpClient} that POSTs the same JSON and discards the body. etcd 3.5 is {@code ETCD35_BINARY}, or
 * the one {@code tools/test} unpacks into {@code ~/.cache/etcdj/etcd-3.5}. Run with {@code -t 1} and
 * {@code -t 8}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 4, time = 3)
@Fork(1)
public class V3KeyBenchmark {
    private static final String RANGE = "{\"key\":\"L2JlbmNoL2tleQ==\"}";
    private static final String PUT = "{\"key\":\"L2JlbmNoL2tleQ==\",\"value\":\"dmFsdWU=\"}";

    /** Which client: {@code etcdj} or {@code httpclient} (bare). */
    @Param({"etcdj", "httpclient"})
    public String client;

    EtcdProcess server;
    EtcdV3 etcd;
    HttpClient http;
    URI range;
    URI put;

    @Setup(Level.Trial)
    public void start() {
        String explicit = System.getenv("ETCD35_BINARY");
        Path binary = explicit != null && !explicit.isBlank() ? Paths.get(explicit)
                : Paths.get(System.getProperty("user.home"), ".cache", "etcdj", "etcd-3.5", "usr", "bin", "etcd");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("no etcd 3.5 at " + binary + ": set ETCD35_BINARY or run tools/test once");
        }
        server = EtcdProcess.start(binary);
        etcd = EtcdV3.of(GatewayAdapter.newBuilder().endpoints(server.clientUrl()).build());
        etcd.put("/bench/key", "value");
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        range = URI.create(server.clientUrl() + "/v3/kv/range");
        put = URI.create(server.clientUrl() + "/v3/kv/put");
    }

    @TearDown(Level.Trial)
    public void stop() {
        etcd.close();
        server.close();
    }

    /** Requests that failed for the client's own reasons: counted, not thrown. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Failures {
        public long failed;
    }

    private Object post(URI uri, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Benchmark
    public Object get(Failures f) throws InterruptedException {
        try {
            return client.equals("etcdj") ? etcd.get("/bench/key") : post(range, RANGE);
        } catch (EtcdConnectionException | IOException e) {
            f.failed++;
            return e;
        }
    }

    @Benchmark
    public Object put(Failures f) throws InterruptedException {
        try {
            return client.equals("etcdj") ? etcd.put("/bench/key", "value") : post(put, PUT);
        } catch (EtcdConnectionException | IOException e) {
            f.failed++;
            return e;
        }
    }
}
