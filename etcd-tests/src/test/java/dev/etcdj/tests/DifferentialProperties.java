package dev.etcdj.tests;

import static dev.etcdj.api.Option.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.etcdj.api.*;
import dev.etcdj.testkit.EtcdProcess;
import dev.etcdj.testkit.FakeEtcd;
import dev.etcdj.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Random operation sequences run on the fake and on a real etcd must give the same results and errors.
 * Indexes are compared relative to each run's first index; listings are compared in key order (etcd's
 * own order is random); TTL seconds are compared by presence (the clocks differ). Tries: 40 by default,
 * {@code -Djqwik.tries.default=N} for more.
 */
class DifferentialProperties {
    static EtcdProcess real;
    static final AtomicLong SEQUENCES = new AtomicLong();
    static final AtomicLong OPERATIONS = new AtomicLong();

    static synchronized Etcd realClient() {
        RealEtcd.shared();   // fails or skips exactly like the other integration tests when etcd is missing
        if (real == null) {
            real = EtcdProcess.start();   // its own server: no other test's TTLs move its index
        }
        return real.client();
    }

    @AfterContainer
    static void report() {
        System.out.printf("differential: %d sequences, %d operations each on the fake and on real etcd%n",
                SEQUENCES.get(), OPERATIONS.get());
        if (real != null) {
            real.close();
        }
    }

    /** One abstract operation; its indexes and values are resolved against each store's own history. */
    record Op(String kind, String key, String value, int pick) {
        @Override
        public String toString() {
            return kind + " " + key + (value.isEmpty() ? "" : "=" + value) + (pick >= 0 ? " #" + pick : "");
        }
    }

    @Property
    void theFakeAnswersEveryOperationAsEtcdDoes(@ForAll("sequences") List<Op> ops) {
        FakeEtcd fake = FakeEtcd.newBuilder().clock(ManualClock.startingNow()).build();
        List<String> expected;
        List<String> actual;
        try (Etcd etcd = realClient()) {
            expected = run(etcd, ops);
        }
        try (Etcd etcd = fake.client()) {
            actual = run(etcd, ops);
        } finally {
            fake.close();
        }
        SEQUENCES.incrementAndGet();
        OPERATIONS.addAndGet(ops.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), "operation " + i + " (" + ops.get(i) + ") of " + ops);
        }
    }

    @Provide
    Arbitrary<List<Op>> sequences() {
        Arbitrary<String> kinds = Arbitraries.of("set", "set", "setTtl", "create", "update", "casHit", "casMiss",
                "casValueHit", "casValueMiss", "delete", "deleteDir", "deleteRecursive", "cadHit", "cadMiss", "mkdir",
                "append", "appendDir", "get", "getRecursive", "refresh", "dirTtl", "waitPast", "waitPastRecursive");
        Arbitrary<String> keys = Arbitraries.of("a", "b", "d", "d/x", "d/y", "d/e/f", "q", "_h", "d/_h");
        Arbitrary<String> values = Arbitraries.of("v1", "v2", "", "a b&c=d", "ü<>");
        Arbitrary<Op> op = Combinators.combine(kinds, keys, values, Arbitraries.integers().between(0, 30)).as(Op::new);
        return op.list().ofMinSize(5).ofMaxSize(30);
    }

    /** Runs the operations below a fresh root and returns one canonical line per operation. */
    static List<String> run(Etcd etcd, List<Op> ops) {
        String root = "/diff/" + UUID.randomUUID();
        long base = etcd.mkdir(root).etcdIndex();
        Map<String, Value> known = new HashMap<>();
        List<Long> indexes = new ArrayList<>();
        List<String> out = new ArrayList<>();
        for (Op op : ops) {
            String key = root + "/" + op.key();
            try {
                EtcdResult r = apply(etcd, op, key, root, known, indexes, base);
                if (r.node() instanceof Value v && v.value() != null) {
                    known.put(key, v);
                }
                indexes.add(r.etcdIndex());
                out.add(canonical(r, root, base));
            } catch (EtcdServerException e) {
                out.add(e.getClass().getSimpleName() + " " + e.errorCode() + " " + cause(e.errorCause(), root, base)
                        + " @" + (e.index() == 0 ? 0 : e.index() - base));
            } catch (EtcdTimeoutException e) {
                out.add("timeout");
            }
        }
        return out;
    }

    static EtcdResult apply(Etcd etcd, Op op, String key, String root, Map<String, Value> known, List<Long> indexes,
                            long base) {
        Value last = known.get(key);
        long lastIndex = last == null ? base + 1000 : last.modifiedIndex();
        switch (op.kind()) {
            case "set": return etcd.set(key, op.value());
            case "setTtl": return etcd.set(key, op.value(), ttl(Duration.ofSeconds(3600)));
            case "create": return etcd.create(key, op.value());
            case "update": return etcd.update(key, op.value());
            case "casHit": return etcd.compareAndSwap(key, op.value(), prevIndex(lastIndex));
            case "casMiss": return etcd.compareAndSwap(key, op.value(), prevIndex(lastIndex + 500));
            case "casValueHit": return etcd.compareAndSwap(key, op.value(),
                    prevValue(last == null || last.value().isEmpty() ? "none" : last.value()));
            case "casValueMiss": return etcd.compareAndSwap(key, op.value(), prevValue("not-" + op.value()));
            case "delete": return etcd.delete(key);
            case "deleteDir": return etcd.delete(key, dir());
            case "deleteRecursive": return etcd.delete(key, recursive());
            case "cadHit": return etcd.compareAndDelete(key, prevIndex(lastIndex));
            case "cadMiss": return etcd.compareAndDelete(key, prevIndex(lastIndex + 500));
            case "mkdir": return etcd.mkdir(key);
            case "append": return etcd.append(key, op.value(), ttl(Duration.ofSeconds(3600)));
            case "appendDir": return etcd.appendDirectory(key);
            case "get": return etcd.get(key, sorted());
            case "getRecursive": return etcd.get(root, recursive(), sorted());
            case "refresh": return etcd.refresh(key, Duration.ofSeconds(3600));
            case "dirTtl": return etcd.updateDirectoryTtl(key, Duration.ofSeconds(3600));
            case "waitPast":
            case "waitPastRecursive":
                long from = indexes.isEmpty() ? base + 1 : indexes.get(op.pick() % indexes.size());
                Option.ForWait[] options = op.kind().equals("waitPast")
                        ? new Option.ForWait[] {waitIndex(from), timeout(Duration.ofMillis(400))}
                        : new Option.ForWait[] {waitIndex(from), recursive(), timeout(Duration.ofMillis(400))};
                return etcd.waitFor(op.kind().equals("waitPast") ? key : root, options);
            default: throw new IllegalArgumentException(op.kind());
        }
    }

    static String canonical(EtcdResult r, String root, long base) {
        boolean watch = r.etcdIndex() < (r.node() == null ? 0 : r.node().modifiedIndex());
        return r.action().wireName() + " " + node(r.node(), root, base) + " prev=" + node(r.prevNode().orElse(null), root, base)
                + (watch ? "" : " @" + (r.etcdIndex() - base));
    }

    static String node(Node n, String root, long base) {
        if (n == null) {
            return "-";
        }
        StringBuilder sb = new StringBuilder("{").append(relative(n.key().replace(root, "~"), base));
        if (n instanceof Value v) {
            sb.append('=').append(v.value() == null ? "(none)" : "'" + v.value() + "'");
        } else {
            sb.append(" dir");
        }
        sb.append(" c").append(n.createdIndex() == 0 ? 0 : n.createdIndex() - base)
                .append(" m").append(n.modifiedIndex() == 0 ? 0 : n.modifiedIndex() - base);
        n.expiration().ifPresent(e -> sb.append(" expires"));
        n.ttl().ifPresent(t -> sb.append(" ttl"));
        if (n instanceof Directory d && !d.children().isEmpty()) {
            sb.append(' ').append(d.children().stream().sorted(Comparator.comparing(Node::key))
                    .map(c -> node(c, root, base)).collect(Collectors.joining(",", "[", "]")));
        }
        return sb.append('}').toString();
    }

    static final Pattern INDEXES = Pattern.compile("\\[(\\d+) != (\\d+)]");

    static final Pattern IN_ORDER_NAME = Pattern.compile("/(\\d{20})");

    /** In-order keys are named after their absolute index: name them relative to the run's base. */
    static String relative(String key, long base) {
        Matcher m = IN_ORDER_NAME.matcher(key);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, "/#" + (Long.parseLong(m.group(1)) - base));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static String cause(String cause, String root, long base) {
        String c = relative(cause.replace(root, "~"), base);
        Matcher m = INDEXES.matcher(c);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, "[" + (Long.parseLong(m.group(1)) - base) + " != " + (Long.parseLong(m.group(2)) - base) + "]");
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
