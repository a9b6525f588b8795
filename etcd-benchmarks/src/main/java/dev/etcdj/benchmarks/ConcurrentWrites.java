package dev.etcdj.benchmarks;

import dev.etcdj.api.Etcd;
import dev.etcdj.http.HttpAdapter;
import dev.etcdj.http.Transport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writers hammering one key on a real etcd, counting the PUTs that fail: with a bare {@code HttpClient},
 * with etcdj on each transport. Not a JMH benchmark: it shows how often a write fails for no reason of
 * the server's (the {@code HttpClient} pool's "header parser received no bytes").
 *
 * <pre>java -cp etcd-benchmarks/target/benchmarks.jar dev.etcdj.benchmarks.ConcurrentWrites [writers] [seconds]</pre>
 */
public final class ConcurrentWrites {
    private ConcurrentWrites() {
    }

    /**
     * Runs the three clients one after the other and prints one line each.
     *
     * @param args the number of writers (8) and the seconds per client (20)
     * @throws Exception if etcd cannot be started
     */
    public static void main(String[] args) throws Exception {
        int writers = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        try (BenchServer server = new BenchServer()) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI key = URI.create(server.url + "/v2/keys/bench/key");
            run("bare HttpClient", writers, seconds, () -> http.send(HttpRequest.newBuilder(key)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .PUT(HttpRequest.BodyPublishers.ofString("value=value")).build(),
                    HttpResponse.BodyHandlers.discarding()));
            for (Transport t : Transport.values()) {
                try (Etcd etcd = Etcd.of(HttpAdapter.newBuilder().transport(t).endpoints(server.url).build())) {
                    run("etcdj on " + t, writers, seconds, () -> etcd.set("/bench/key", "value"));
                }
            }
        }
    }

    private interface Write {
        void run() throws Exception;
    }

    private static void run(String name, int writers, int seconds, Write write) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong shown = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        for (int i = 0; i < writers; i++) {
            pool.execute(() -> {
                while (System.nanoTime() < end) {
                    try {
                        write.run();
                        ok.incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        if (shown.incrementAndGet() <= 2) {
                            System.out.println("  " + name + ": " + e);
                        }
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        System.out.printf("%s, %d writers, %d s: %,d PUTs succeeded, %d failed (%,.0f/s)%n", name, writers, seconds,
                ok.get(), failed.get(), ok.get() / (double) seconds);
    }
}
