package dev.etcdj.benchmarks;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.Option;
import dev.etcdj.http.HttpAdapter;
import dev.etcdj.http.Transport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * A recursive GET of a directory of 1,000 or 10,000 keys on a real etcd: etcdj decodes it into its model;
 * the bare {@link HttpClient} and the {@link RawHttp raw-socket} baseline read the same body and discard
 * it. With {@link CostProfiler}, the client's CPU time and allocation per read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class TreeBenchmark {
    /**
     * Which client: {@code etcdj} (its default transport, sockets), {@code etcdj-httpclient} (etcdj on its
     * {@code HttpClient} transport), {@code httpclient} (bare) or {@code raw}.
     */
    @Param({"etcdj", "etcdj-httpclient", "httpclient", "raw"})
    public String client;

    /** How many keys the directory holds. */
    @Param({"1000", "10000"})
    public int nodes;

    BenchServer server;
    Etcd etcd;
    HttpClient http;
    HttpRequest get;
    RawHttp raw;
    String dir;

    @Setup(Level.Trial)
    public void start() {
        server = new BenchServer();
        dir = "/tree" + nodes;
        server.fill(dir, nodes);
        etcd = Etcd.of(HttpAdapter.newBuilder().endpoints(server.url)
                .transport(client.equals("etcdj-httpclient") ? Transport.HTTP_CLIENT : Transport.SOCKETS).build());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        get = HttpRequest.newBuilder(URI.create(server.url + "/v2/keys" + dir + "?recursive=true")).GET().build();
        raw = new RawHttp(server.url);
        String out = System.getProperty(RatioTable.OUT);
        if (out != null) {   // the body's size, for RatioTable's "allocation per body byte"
            raw.get("/v2/keys" + dir + "?recursive=true");
            RatioTable.record(out, "tree" + nodes + ".bytes", raw.lastBodyLength());
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        raw.close();
        etcd.close();
        server.close();
    }

    @Benchmark
    public Object recursiveGet() throws IOException, InterruptedException {
        switch (client) {
            case "etcdj", "etcdj-httpclient": return etcd.get(dir, Option.recursive());
            case "httpclient": return http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
            default: return raw.get("/v2/keys" + dir + "?recursive=true");
        }
    }
}
