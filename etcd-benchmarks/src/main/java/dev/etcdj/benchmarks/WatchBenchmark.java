package dev.etcdj.benchmarks;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.Watch;
import dev.etcdj.http.HttpAdapter;
import dev.etcdj.http.Transport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.*;

/**
 * Watch latency on a real etcd: the time from a PUT (sent by the raw-socket client, the same for all)
 * until the client has the event. etcdj's continuous {@link Watch} is open throughout; the bare
 * {@link HttpClient} and the raw-socket baseline keep a long poll ({@code wait=true&waitIndex=n}) armed
 * for the next index, re-armed as soon as an event arrives (outside the measured time's critical part:
 * before the next PUT).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class WatchBenchmark {
    private static final Pattern INDEX = Pattern.compile("\"modifiedIndex\":(\\d+)");

    /**
     * Which client: {@code etcdj} (its default transport, sockets), {@code etcdj-httpclient} (etcdj on its
     * {@code HttpClient} transport), {@code httpclient} (bare) or {@code raw}.
     */
    @Param({"etcdj", "etcdj-httpclient", "httpclient", "raw"})
    public String client;

    BenchServer server;
    Etcd etcd;
    Watch watch;
    HttpClient http;
    RawHttp writer;
    RawHttp watcher;
    CompletableFuture<HttpResponse<String>> armed;
    long next;

    @Setup(Level.Trial)
    public void start() {
        server = new BenchServer();
        etcd = Etcd.of(HttpAdapter.newBuilder().endpoints(server.url)
                .transport(client.equals("etcdj-httpclient") ? Transport.HTTP_CLIENT : Transport.SOCKETS).build());
        next = etcd.set("/w", "0").etcdIndex() + 1;
        writer = new RawHttp(server.url);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        watcher = new RawHttp(server.url);
        switch (client) {
            case "etcdj", "etcdj-httpclient" -> watch = etcd.watch("/w");
            case "httpclient" -> arm();
            default -> watcher.arm(waitTarget());
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (watch != null) {
            watch.close();
        }
        if (armed != null) {
            armed.cancel(true);
        }
        watcher.close();
        writer.close();
        etcd.close();
        server.close();
    }

    private String waitTarget() {
        return "/v2/keys/w?wait=true&waitIndex=" + next;
    }

    private void arm() {
        armed = http.sendAsync(HttpRequest.newBuilder(URI.create(server.url + waitTarget())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void advance(String event) {
        Matcher m = INDEX.matcher(event);
        if (!m.find()) {
            throw new IllegalStateException("no modifiedIndex in " + event);
        }
        next = Long.parseLong(m.group(1)) + 1;
    }

    @Benchmark
    public Object putThenEvent() {
        writer.put("/v2/keys/w", "value=x");
        switch (client) {
            case "etcdj", "etcdj-httpclient":
                return watch.next();
            case "httpclient": {
                String event = armed.join().body();
                advance(event);
                arm();
                return event;
            }
            default: {
                String event = watcher.awaitBody();
                advance(event);
                watcher.arm(waitTarget());
                return event;
            }
        }
    }
}
