package dev.etcdj.testkit;

import static dev.etcdj.api.Option.*;

import dev.etcdj.api.*;
import dev.etcdj.api.spi.EtcdAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * The laws every etcd v2 store keeps, as jqwik properties. Implement {@link #newAdapter()} in a test class
 * and jqwik runs them all against your adapter:
 *
 * <pre>{@code
 * class MyStoreProperties implements EtcdContract {
 *     public EtcdAdapter newAdapter() { return FakeEtcd.create().adapter(); }
 * }
 * }</pre>
 *
 * <p>Each try works below a fresh key prefix, so a shared server can be used. Needs jqwik (and JUnit
 * Jupiter's assertions) on the test class path; the rest of the testkit does not.
 */
@SuppressWarnings("exports")   // jqwik is the user's own (optional) dependency: not re-exported on purpose
public interface EtcdContract {

    /** {@return a new adapter onto the store under test; the contract closes it after each try} */
    EtcdAdapter newAdapter();

    /**
     * Lets {@code d} of the store's time pass, for TTLs. Sleeps by default (a real server); a fake on a
     * {@link ManualClock} advances the clock instead.
     *
     * @param d how much time
     */
    default void elapse(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void equal(Object expected, Object actual) {
        equal(expected, actual, "");
    }

    private static void equal(Object expected, Object actual, String message) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionError((message.isEmpty() ? "" : message + ": ") + "expected " + expected + " but was " + actual);
        }
    }

    private static String root() {
        return "/contract/" + UUID.randomUUID();
    }

    /**
     * Every successful write gets an index above every earlier one, and reads report the latest.
     *
     * @param ops the writes, by kind, generated
     */
    @Property(tries = 20)
    default void indexesStrictlyIncrease(@ForAll @Size(min = 1, max = 12) List<@IntRange(max = 5) Integer> ops) {
        try (Etcd etcd = Etcd.of(newAdapter())) {
            String root = root();
            etcd.mkdir(root);
            long last = etcd.set(root + "/n", "").etcdIndex();
            for (int op : ops) {
                String key = root + "/k" + (op % 3);
                EtcdResult r;
                switch (op) {
                    case 0: r = etcd.set(key, "v" + last); break;
                    case 1: r = etcd.append(root + "/q", "job"); break;
                    case 2: r = etcd.mkdir(root + "/d" + last); break;
                    case 3: r = etcd.set(key, "t", ttl(Duration.ofSeconds(600))); break;
                    case 4: etcd.set(key, "x"); r = etcd.delete(key); break;
                    default: r = etcd.atomicUpdate(root + "/n", v -> v + "+"); break;
                }
                long index = r.node().modifiedIndex();
                if (index <= last) {
                    throw new AssertionError("write index " + index + " not above " + last + " after " + r);
                }
                last = index;
                long read = etcd.get(root).etcdIndex();
                if (read < last) {
                    throw new AssertionError("a read reported index " + read + " after a write at " + last);
                }
            }
        }
    }

    /**
     * A compare-and-swap applies exactly when every condition it gives holds; otherwise nothing changes.
     *
     * @param valueCondition 0: no value condition, 1: the right value, 2: a wrong one (generated)
     * @param indexCondition 0: no index condition, 1: the right index, 2: a wrong one (generated)
     */
    @Property(tries = 30)
    default void compareAndSwapSucceedsExactlyWhenItsConditionHolds(
            @ForAll @IntRange(max = 2) int valueCondition, @ForAll @IntRange(max = 2) int indexCondition) {
        try (Etcd etcd = Etcd.of(newAdapter())) {
            String key = root() + "/cas";
            long index = etcd.set(key, "current").node().modifiedIndex();
            List<Option.ForCompareAndSwap> conditions = new ArrayList<>();
            boolean holds = true;
            if (valueCondition > 0) {
                conditions.add(prevValue(valueCondition == 1 ? "current" : "other"));
                holds = valueCondition == 1;
            }
            if (indexCondition > 0) {
                conditions.add(prevIndex(indexCondition == 1 ? index : index + 7));
                holds &= indexCondition == 1;
            }
            if (conditions.isEmpty()) {
                return;
            }
            try {
                etcd.compareAndSwap(key, "swapped", conditions.toArray(new Option.ForCompareAndSwap[0]));
                if (!holds) {
                    throw new AssertionError("compare-and-swap succeeded although a condition failed: " + conditions);
                }
                equal("swapped", etcd.get(key).node().asValue().value());
            } catch (CompareFailedException e) {
                if (holds) {
                    throw new AssertionError("compare-and-swap failed although its conditions held: " + conditions, e);
                }
                equal("current", etcd.get(key).node().asValue().value(), "a failed swap changes nothing");
            }
        }
    }

    /**
     * A recursive read shows the tree exactly as it was at its {@code etcdIndex}, even under concurrent writes.
     *
     * @param writes how many concurrent writes (generated)
     * @throws Exception if the writers fail or the thread is interrupted
     */
    @Property(tries = 5)
    default void aRecursiveReadIsASnapshot(@ForAll @IntRange(min = 20, max = 60) int writes) throws Exception {
        try (Etcd etcd = Etcd.of(newAdapter())) {
            String root = root();
            etcd.mkdir(root);
            List<EtcdResult> log = new ArrayList<>();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < writes; i++) {
                    log.add(etcd.set(root + "/k" + (i % 5), "v" + i));
                }
            });
            List<Got> reads = new ArrayList<>();
            while (!writer.isDone()) {
                reads.add(etcd.get(root, recursive()));
            }
            writer.get();
            reads.add(etcd.get(root, recursive()));
            for (Got read : reads) {
                Map<String, String> expected = new TreeMap<>();
                for (EtcdResult w : log) {
                    if (w.node().modifiedIndex() <= read.etcdIndex()) {
                        expected.put(w.node().key(), w.node().asValue().value());
                    }
                }
                Map<String, String> actual = read.node().asDirectory().leaves().stream()
                        .collect(Collectors.toMap(Value::key, Value::value, (a, b) -> b, TreeMap::new));
                equal(expected, actual, "state at index " + read.etcdIndex());
            }
        }
    }

    /**
     * A watch from index i delivers every matching event with an index of at least i, in order, once.
     *
     * @param targets which keys the writes go to (generated)
     * @param startAt the write whose index the watch starts from (generated)
     */
    @Property(tries = 10)
    default void aWatchFromAnIndexDeliversEveryMatchingEventInOrder(
            @ForAll @Size(min = 1, max = 20) List<@IntRange(max = 3) Integer> targets,
            @ForAll @IntRange(max = 19) int startAt) {
        try (Etcd etcd = Etcd.of(newAdapter())) {
            String root = root();
            etcd.mkdir(root + "/w");
            List<Long> matching = new ArrayList<>();
            List<Long> all = new ArrayList<>();
            int split = Math.min(startAt, targets.size());
            for (int i = 0; i < split; i++) {
                write(etcd, root, targets.get(i), i, all, matching);
            }
            long from = all.isEmpty() ? etcd.get(root).etcdIndex() + 1 : all.get(0);
            try (Watch watch = etcd.watch(root + "/w", recursive(), waitIndex(from))) {
                for (int i = split; i < targets.size(); i++) {
                    write(etcd, root, targets.get(i), i, all, matching);
                }
                List<Long> seen = new ArrayList<>();
                while (seen.size() < matching.size()) {
                    WatchEvent e = watch.poll(Duration.ofSeconds(10))
                            .orElseThrow(() -> new AssertionError("missing events; saw " + seen + " of " + matching));
                    seen.add(((WatchEvent.Change) e).result().node().modifiedIndex());
                }
                equal(matching, seen);
                if (watch.poll(Duration.ofMillis(100)).isPresent()) {
                    throw new AssertionError("an event beyond the matching ones");
                }
            }
        }
    }

    private static void write(Etcd etcd, String root, int target, int i, List<Long> all, List<Long> matching) {
        String key = target == 0 ? root + "/other" : root + "/w/k" + target;
        long index = etcd.set(key, "v" + i).node().modifiedIndex();
        all.add(index);
        if (target != 0) {
            matching.add(index);
        }
    }

    /**
     * In-order keys are named by increasing indexes, and a sorted listing shows them in creation order.
     *
     * @param n how many keys (generated)
     */
    @Property(tries = 10)
    default void inOrderKeysIncrease(@ForAll @IntRange(min = 1, max = 15) int n) {
        try (Etcd etcd = Etcd.of(newAdapter())) {
            String dir = root() + "/queue";
            List<String> created = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Created c = etcd.append(dir, "job" + i);
                if (!created.isEmpty() && c.node().name().compareTo(created.get(created.size() - 1).substring(dir.length() + 1)) <= 0) {
                    throw new AssertionError("in-order key " + c.node().key() + " does not sort after " + created);
                }
                created.add(c.node().key());
            }
            List<String> listed = etcd.get(dir, sorted()).node().asDirectory().children().stream().map(Node::key)
                    .collect(Collectors.toList());
            equal(created, listed);
        }
    }

    /**
     * A key with a TTL is gone once the TTL has passed, and a permanent one is not.
     *
     * @param seconds the TTL (generated)
     */
    @Property(tries = 2)
    default void ttlKeysExpire(@ForAll @IntRange(min = 1, max = 2) int seconds) {
        try (Etcd etcd = Etcd.of(newAdapter())) {
            String root = root();
            etcd.set(root + "/mortal", "x", ttl(Duration.ofSeconds(seconds)));
            etcd.set(root + "/permanent", "y");
            elapse(Duration.ofSeconds(seconds).plusMillis(1600));
            if (etcd.exists(root + "/mortal")) {
                throw new AssertionError("a key with a " + seconds + " s TTL still exists after it");
            }
            equal("y", etcd.get(root + "/permanent").node().asValue().value());
        }
    }

    /**
     * Random chains of writes and reads agree with a plain map, and indexes only ever grow.
     *
     * @param chain the operations (generated)
     */
    @Property(tries = 10)
    default void randomOperationsAgreeWithAModel(@ForAll("operations") ActionChain<Model> chain) {
        chain.withInvariant("modifiedIndex is monotonic", m -> {
            if (m.lastIndex < m.previousIndex) {
                throw new AssertionError("index went back from " + m.previousIndex + " to " + m.lastIndex);
            }
        }).run().close();
    }

    /**
     * The operations of {@link #randomOperationsAgreeWithAModel}.
     *
     * @return the arbitrary chains
     */
    @Provide
    default Arbitrary<ActionChain<Model>> operations() {
        Arbitrary<String> keys = Arbitraries.of("a", "b", "c");
        Arbitrary<String> values = Arbitraries.of("x", "y", "z");
        return ActionChain.<Model>startWith(() -> new Model(Etcd.of(newAdapter()), root()))
                .withAction(EtcdContract.<Model>action(keys.flatMap(k -> values.map(v -> Transformer.<Model>mutate("set " + k + "=" + v, m -> m.set(k, v))))))
                .withAction(EtcdContract.<Model>action(keys.flatMap(k -> values.map(v -> Transformer.<Model>mutate("create " + k + "=" + v, m -> m.create(k, v))))))
                .withAction(EtcdContract.<Model>action(keys.flatMap(k -> values.map(v -> Transformer.<Model>mutate("update " + k + "=" + v, m -> m.update(k, v))))))
                .withAction(EtcdContract.<Model>action(keys.flatMap(k -> Arbitraries.of(true, false).map(hit -> Transformer.<Model>mutate(
                        "cas " + k + (hit ? " current" : " stale"), m -> m.cas(k, hit))))))
                .withAction(EtcdContract.<Model>action(keys.map(k -> Transformer.<Model>mutate("delete " + k, m -> m.delete(k)))))
                .withAction(EtcdContract.<Model>action(keys.map(k -> Transformer.<Model>mutate("read " + k, m -> m.read(k)))))
                .withMaxTransformations(25);
    }

    private static <M> Action.Independent<M> action(Arbitrary<Transformer<M>> transformers) {
        return () -> transformers;
    }

    /** The model of {@link #randomOperationsAgreeWithAModel}: the expected values and indexes. */
    final class Model implements AutoCloseable {
        final Etcd etcd;
        final String root;
        final Map<String, String> values = new HashMap<>();
        final Map<String, Long> indexes = new HashMap<>();
        long lastIndex;
        long previousIndex;

        Model(Etcd etcd, String root) {
            this.etcd = etcd;
            this.root = root;
            this.lastIndex = etcd.mkdir(root).etcdIndex();
        }

        private void wrote(String k, EtcdResult r) {
            previousIndex = lastIndex;
            lastIndex = r.node().modifiedIndex();
            check(lastIndex > previousIndex, "write at index " + lastIndex + " not above " + previousIndex);
            indexes.put(k, lastIndex);
        }

        void set(String k, String v) {
            wrote(k, etcd.set(root + "/" + k, v));
            values.put(k, v);
        }

        void create(String k, String v) {
            try {
                wrote(k, etcd.create(root + "/" + k, v));
                check(!values.containsKey(k), "create of an existing key succeeded");
                values.put(k, v);
            } catch (NodeExistsException e) {
                check(values.containsKey(k), "create of a missing key failed: " + e.getMessage());
            }
        }

        void update(String k, String v) {
            try {
                wrote(k, etcd.update(root + "/" + k, v));
                check(values.containsKey(k), "update of a missing key succeeded");
                values.put(k, v);
            } catch (KeyNotFoundException e) {
                check(!values.containsKey(k), "update of an existing key failed: " + e.getMessage());
            }
        }

        void cas(String k, boolean current) {
            if (!values.containsKey(k)) {
                return;
            }
            long index = indexes.get(k) + (current ? 0 : 1000);
            try {
                wrote(k, etcd.compareAndSwap(root + "/" + k, "swapped", prevIndex(index)));
                check(current, "compare-and-swap on a stale index succeeded");
                values.put(k, "swapped");
            } catch (CompareFailedException e) {
                check(!current, "compare-and-swap on the current index failed: " + e.getMessage());
            }
        }

        void delete(String k) {
            try {
                wrote(k, etcd.delete(root + "/" + k));
                check(values.remove(k) != null, "delete of a missing key succeeded");
            } catch (KeyNotFoundException e) {
                check(!values.containsKey(k), "delete of an existing key failed: " + e.getMessage());
            }
        }

        void read(String k) {
            try {
                Value v = etcd.get(root + "/" + k).node().asValue();
                check(Objects.equals(values.get(k), v.value()), "read " + v.value() + ", expected " + values.get(k));
                check(indexes.get(k) == v.modifiedIndex(), "read index " + v.modifiedIndex() + ", expected " + indexes.get(k));
            } catch (KeyNotFoundException e) {
                check(!values.containsKey(k), "read of an existing key failed: " + e.getMessage());
            }
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new AssertionError(message);
            }
        }

        @Override
        public void close() {
            etcd.close();
        }

        @Override
        public String toString() {
            return "Model" + new TreeMap<>(values);
        }
    }
}
