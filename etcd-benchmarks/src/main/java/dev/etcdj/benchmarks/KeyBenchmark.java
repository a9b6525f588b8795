package dev.etcdj.benchmarks;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdConnectionException;
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
 * GET and PUT of one key on a real etcd, by etcdj, by a bare {@link HttpClient} that sends the same
 * requests and discards the bodies, and by the {@link RawHttp raw-socket} baseline. Run it with 1, 8 and
 * 64 threads ({@code -t}): each thread is one caller. {@link RatioTable} does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class KeyBenchmark {
    /**
     * Which client: {@code etcdj} (its default transport, sockets), {@code etcdj-httpclient} (etcdj on its
     * {@code HttpClient} transport), {@code httpclient} (bare) or {@code raw}.
     */
    @Param({"etcdj", "etcdj-httpclient", "httpclient", "raw"})
    public String client;

    BenchServer server;
    Etcd etcd;
    HttpClient http;
    HttpRequest get;
    URI keyUri;

    @Setup(Level.Trial)
    public void start() {
        server = new BenchServer();
        etcd = Etcd.of(HttpAdapter.newBuilder().endpoints(server.url)
                .transport(client.equals("etcdj-httpclient") ? Transport.HTTP_CLIENT : Transport.SOCKETS).build());
        etcd.set("/bench/key", "value");
        // a bare HttpClient: default settings, HTTP/1.1 as etcd's v2 API needs (etcdj pins it too)
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        keyUri = URI.create(server.url + "/v2/keys/bench/key");
        get = HttpRequest.newBuilder(keyUri).GET().build();
    }

    @TearDown(Level.Trial)
    public void stop() {
        etcd.close();
        server.close();
    }

    /** One raw connection per caller. */
    @State(Scope.Thread)
    public static class Connection {
        RawHttp raw;

        @Setup(Level.Trial)
        public void open(KeyBenchmark b) {
            raw = new RawHttp(b.server.url);
        }

        @TearDown(Level.Trial)
        public void close() {
            raw.close();
        }
    }

    /**
     * Requests that failed for the client's own reasons (the server never fails these): counted, not
     * thrown, so that one failure does not end the run. {@link RatioTable} prints them.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Failures {
        public long failed;
    }

    @Benchmark
    public Object get(Connection c, Failures f) throws InterruptedException {
        try {
            switch (client) {
                case "etcdj", "etcdj-httpclient": return etcd.get("/bench/key");
                case "httpclient": return http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
                default: return c.raw.get("/v2/keys/bench/key");
            }
        } catch (EtcdConnectionException | IOException e) {
            f.failed++;
            return e;
        }
    }

    @Benchmark
    public Object put(Connection c, Failures f) throws InterruptedException {
        try {
            switch (client) {
                case "etcdj", "etcdj-httpclient": return etcd.set("/bench/key", "value");
                case "httpclient": return http.send(HttpRequest.newBuilder(keyUri)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .PUT(HttpRequest.BodyPublishers.ofString("value=value")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                default: return c.raw.put("/v2/keys/bench/key", "value=value");
            }
        } catch (EtcdConnectionException | IOException e) {
            f.failed++;
            return e;
        }
    }
}
