package dev.etcdj.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every client benchmark in one go and prints issue 11's table: etcdj beside the bare
 * {@code HttpClient} and the raw-socket baseline, measured in the same run, with the ratios and the targets.
 * Each figure is the median over forks ({@code -Dforks=3} for three fresh JVMs; 1 by default).
 * {@code -Dquick=true} shortens warm-up and measurement (for a look, not for the README); {@code -Dsmoke=true}
 * only checks that everything runs.
 *
 * <pre>java -cp etcd-benchmarks/target/benchmarks.jar dev.etcdj.benchmarks.RatioTable</pre>
 */
public final class RatioTable {
    /** The system property naming the directory where benchmarks leave facts for the table. */
    static final String OUT = "etcdj.bench.out";

    private final Map<String, List<BenchmarkResult>> results = new HashMap<>();
    private final boolean quick = Boolean.getBoolean("quick");
    /** One second of warm-up and one of measurement: only to see that everything runs. */
    private final boolean smoke = Boolean.getBoolean("smoke");
    private final int forks = Integer.getInteger("forks", 1);
    private final Path out;

    private RatioTable() throws IOException {
        out = Files.createTempDirectory("etcdj-bench-");
    }

    /**
     * Runs the benchmarks and prints the table.
     *
     * @param args none
     * @throws Exception if a benchmark fails
     */
    public static void main(String[] args) throws Exception {
        RatioTable t = new RatioTable();
        for (int threads : new int[] {1, 8, 64}) {
            t.run(KeyBenchmark.class.getSimpleName() + "\\.", threads, true, Map.of());
        }
        t.run(TreeBenchmark.class.getSimpleName() + "\\.", 1, true, Map.of());
        t.run(WatchBenchmark.class.getSimpleName() + "\\.", 1, false, Map.of());
        t.run(FakeBenchmark.class.getSimpleName() + "\\.", 1, false, Map.of());
        t.run(JsonDecodeBenchmark.class.getSimpleName() + "\\.(etcdj|jacksonDatabind)$", 1, false,
                Map.of("body", "dir10k.json"));
        System.out.println(t.table());
    }

    /** Records a fact a benchmark learnt in its fork, for the table. */
    static void record(String dir, String name, long value) {
        try {
            Files.writeString(Paths.get(dir, name), Long.toString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long fact(String name) {
        try {
            return Long.parseLong(Files.readString(out.resolve(name)).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void run(String include, int threads, boolean cost, Map<String, String> params) throws RunnerException {
        System.err.printf("running %s on %d thread(s)%n", include, threads);
        List<String> jvm = new ArrayList<>(List.of("-D" + OUT + "=" + out));
        if (Files.isDirectory(Paths.get("/dev/shm"))) {
            jvm.add("-Djava.io.tmpdir=/dev/shm");   // etcd's data directory on tmpfs, as in the figures
        }
        ChainedOptionsBuilder o = new OptionsBuilder().include(include).threads(threads).forks(forks)
                .jvmArgsAppend(jvm.toArray(String[]::new)).shouldFailOnError(true).verbosity(VerboseMode.SILENT);
        params.forEach(o::param);
        if (cost) {
            o.addProfiler(CostProfiler.class);
        }
        if (smoke) {
            o.warmupIterations(1).warmupTime(TimeValue.seconds(1)).measurementIterations(1)
                    .measurementTime(TimeValue.seconds(1));
        } else if (quick) {
            o.warmupIterations(3).warmupTime(TimeValue.seconds(2)).measurementIterations(3)
                    .measurementTime(TimeValue.seconds(2));
        }
        Collection<RunResult> runs = new Runner(o.build()).run();
        for (RunResult r : runs) {
            String method = r.getParams().getBenchmark().replaceAll(".*\\.(\\w+)\\.(\\w+)$", "$1.$2");
            String client = r.getParams().getParam("client");
            String nodes = r.getParams().getParam("nodes");
            String key = method + (client == null ? "" : "/" + client) + (nodes == null ? "" : "/" + nodes) + "/t" + threads;
            results.put(key, new ArrayList<>(r.getBenchmarkResults()));
        }
    }

    /** The median over forks of one figure of a run. */
    private double median(String key, ToDoubleFunction<BenchmarkResult> figure) {
        List<BenchmarkResult> forkResults = results.get(key);
        if (forkResults == null) {
            throw new IllegalStateException("no results for " + key + "; have " + results.keySet());
        }
        double[] v = forkResults.stream().mapToDouble(figure).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static ToDoubleFunction<BenchmarkResult> score() {
        return b -> b.getPrimaryResult().getScore();
    }

    private static ToDoubleFunction<BenchmarkResult> secondary(String name) {
        return b -> {
            Result<?> r = b.getSecondaryResults().get(name);
            return r == null ? Double.NaN : r.getScore();
        };
    }

    /** The requests that failed in the measured iterations, summed over forks. */
    private double failures(String key) {
        return results.get(key).stream().mapToDouble(b -> {
            Result<?> r = b.getSecondaryResults().get("failed");
            return r == null ? 0 : r.getScore();
        }).sum();
    }

    private static ToDoubleFunction<BenchmarkResult> p50() {
        return b -> b.getPrimaryResult().getStatistics().getPercentile(50);
    }

    private String table() {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "Forks: %d%s. Java %s, %d cores.%n%n", forks, smoke ? " (smoke: not figures)" : quick ? " (quick)" : "",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors()));
        t.append("| workload | etcdj (sockets, the default) | etcdj on HttpClient | bare HttpClient | raw socket "
                + "| etcdj ÷ raw | etcdj ÷ bare HttpClient | target | met |\n");
        t.append("|---|---|---|---|---|---|---|---|---|\n");
        for (String op : List.of("get", "put")) {
            for (int threads : new int[] {1, 8, 64}) {
                String k = "KeyBenchmark." + op;
                double e = median(k + "/etcdj/t" + threads, score());
                double e2 = median(k + "/etcdj-httpclient/t" + threads, score());
                double h = median(k + "/httpclient/t" + threads, score());
                double r = median(k + "/raw/t" + threads, score());
                boolean target = threads > 1;
                row(t, op.toUpperCase(Locale.ROOT) + ", " + threads + (threads == 1 ? " caller" : " callers") + " (req/s)",
                        rate(e), rate(e2), rate(h), rate(r), e / r, e / h, target ? "≥ 0.5× raw, ≥ 1.5× HttpClient" : "",
                        target ? met(e / r >= 0.5 && e / h >= 1.5) : "");
            }
        }
        for (String op : List.of("get", "put")) {
            for (int threads : new int[] {8, 64}) {
                String k = "KeyBenchmark." + op;
                double e = failures(k + "/etcdj/t" + threads);
                double e2 = failures(k + "/etcdj-httpclient/t" + threads);
                double h = failures(k + "/httpclient/t" + threads);
                double r = failures(k + "/raw/t" + threads);
                if (e + e2 + h + r > 0) {
                    t.append(String.format(Locale.ROOT, "| %s, %d callers: requests failed by the client | %.0f | %.0f | %.0f "
                            + "| %.0f | | | none | %s |%n", op.toUpperCase(Locale.ROOT), threads, e, e2, h, r, met(e == 0)));
                }
            }
        }
        for (String op : List.of("get", "put")) {
            String k = "KeyBenchmark." + op;
            double e = median(k + "/etcdj/t1", secondary(CostProfiler.CPU));
            double e2 = median(k + "/etcdj-httpclient/t1", secondary(CostProfiler.CPU));
            double h = median(k + "/httpclient/t1", secondary(CostProfiler.CPU));
            double r = median(k + "/raw/t1", secondary(CostProfiler.CPU));
            row(t, "CPU per " + op.toUpperCase(Locale.ROOT) + ", 1 caller", micros(e), micros(e2), micros(h), micros(r),
                    e / r, e / h,
                    "≤ 1.0× HttpClient", met(e / h <= 1.0));
            double ea = median(k + "/etcdj/t1", secondary(CostProfiler.ALLOC));
            double ea2 = median(k + "/etcdj-httpclient/t1", secondary(CostProfiler.ALLOC));
            double ha = median(k + "/httpclient/t1", secondary(CostProfiler.ALLOC));
            double ra = median(k + "/raw/t1", secondary(CostProfiler.ALLOC));
            row(t, "allocation per " + op.toUpperCase(Locale.ROOT) + ", 1 caller", bytes(ea), bytes(ea2), bytes(ha),
                    bytes(ra),
                    ea / ra, ea / ha, "", "");
        }
        for (int nodes : new int[] {1000, 10000}) {
            String k = "TreeBenchmark.recursiveGet/";
            double e = median(k + "etcdj/" + nodes + "/t1", secondary(CostProfiler.CPU));
            double e2 = median(k + "etcdj-httpclient/" + nodes + "/t1", secondary(CostProfiler.CPU));
            double h = median(k + "httpclient/" + nodes + "/t1", secondary(CostProfiler.CPU));
            double r = median(k + "raw/" + nodes + "/t1", secondary(CostProfiler.CPU));
            String what = String.format(Locale.ROOT, "recursive GET of %,d nodes", nodes);
            row(t, what + ": client CPU", millis(e), millis(e2), millis(h), millis(r), e / r, e / h, "≤ 1.0× HttpClient",
                    met(e / h <= 1.0));
            double ea = median(k + "etcdj/" + nodes + "/t1", secondary(CostProfiler.ALLOC));
            double ea2 = median(k + "etcdj-httpclient/" + nodes + "/t1", secondary(CostProfiler.ALLOC));
            double ha = median(k + "httpclient/" + nodes + "/t1", secondary(CostProfiler.ALLOC));
            double ra = median(k + "raw/" + nodes + "/t1", secondary(CostProfiler.ALLOC));
            long body = fact("tree" + nodes + ".bytes");
            row(t, what + ": allocation (body " + bytes(body) + ")", bytes(ea), bytes(ea2), bytes(ha), bytes(ra), ea / ra,
                    ea / ha,
                    String.format(Locale.ROOT, "≤ 2× the body (etcdj: %.2f×)", ea / body), met(ea <= 2.0 * body));
        }
        double e = median("WatchBenchmark.putThenEvent/etcdj/t1", p50());
        double e2 = median("WatchBenchmark.putThenEvent/etcdj-httpclient/t1", p50());
        double h = median("WatchBenchmark.putThenEvent/httpclient/t1", p50());
        double r = median("WatchBenchmark.putThenEvent/raw/t1", p50());
        row(t, "watch: PUT → event delivered, p50", String.format(Locale.ROOT, "%.2f ms", e / 1000),
                String.format(Locale.ROOT, "%.2f ms", e2 / 1000), String.format(Locale.ROOT, "%.2f ms", h / 1000), String.format(Locale.ROOT, "%.2f ms", r / 1000),
                e / r, e / h, "≤ 1.0× HttpClient", met(e / h <= 1.0));
        double etcdjDecode = median("JsonDecodeBenchmark.etcdj/t1", score());
        double jackson = median("JsonDecodeBenchmark.jacksonDatabind/t1", score());
        t.append(String.format(Locale.ROOT, "| decoding the recorded 10,000-node body (µs) | %.0f | | Jackson databind: %.0f | "
                + "| | Jackson ÷ etcdj: %.2f× | ≥ 2× Jackson databind | %s |%n", etcdjDecode, jackson, jackson / etcdjDecode,
                met(jackson / etcdjDecode >= 2)));
        double fake = median("FakeBenchmark.get/t1", score());
        t.append(String.format(Locale.ROOT, "| the fake: reads on one thread (req/s) | %s | | | | | | ≥ 1 M | %s |%n",
                rate(fake), met(fake >= 1_000_000)));
        return t.toString();
    }

    private static void row(StringBuilder t, String what, String e, String e2, String h, String r, double er, double eh,
                            String target, String met) {
        t.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.2f× | %.2f× | %s | %s |%n", what, e, e2, h, r,
                er, eh, target, met));
    }

    private static String met(boolean met) {
        return met ? "yes" : "no";
    }

    private static String rate(double perSecond) {
        return perSecond >= 1_000_000 ? String.format(Locale.ROOT, "%.2f M", perSecond / 1e6)
                : String.format(Locale.ROOT, "%.1fk", perSecond / 1e3);
    }

    private static String micros(double nanos) {
        return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
    }

    private static String millis(double nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    private static String bytes(double b) {
        return b >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", b / (1 << 20))
                : b >= 1024 ? String.format(Locale.ROOT, "%.1f KB", b / 1024) : String.format(Locale.ROOT, "%.0f B", b);
    }
}
