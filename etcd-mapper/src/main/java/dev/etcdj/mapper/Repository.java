package dev.etcdj.mapper;

import static dev.etcdj.api.Option.*;

import dev.etcdj.api.CompareFailedException;
import dev.etcdj.api.ConcurrentUpdateException;
import dev.etcdj.api.Created;
import dev.etcdj.api.Directory;
import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdResult;
import dev.etcdj.api.EtcdServerException;
import dev.etcdj.api.Got;
import dev.etcdj.api.Key;
import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.Node;
import dev.etcdj.api.Value;
import dev.etcdj.mapper.internal.Plans;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A directory of records, one sub-directory per id: {@code /services/api/host}, {@code /services/api/port}.
 *
 * <p><b>Writes.</b> etcd v2 has no multi-key transaction, so a write is a sequence of guarded single-key
 * writes. {@link #put} reads the record's directory, computes the difference and writes only the leaves
 * that changed: a changed leaf by compare-and-swap on its {@code modifiedIndex}, a new leaf create-only, a
 * removed leaf by compare-and-delete. Each record directory holds a revision leaf {@code ~rev}: a write
 * first swaps it from {@code n} to {@code n+1~} (guarded by its index, which also makes concurrent writers of
 * one record exclusive), then applies the leaves, then swaps it to {@code n+1}. A concurrent writer is
 * detected by a failed guard ({@link RecordConflictException}), never overwritten silently.
 *
 * <p><b>Reads.</b> {@link #get}, {@link #list} and the watches read whole directories with one recursive
 * GET (a consistent snapshot) and return a record only when its {@code ~rev} is clean; a record caught
 * mid-write is read again, for up to 2 s, then reported with {@link RecordConflictException}. So readers
 * never see a half-written record. A writer that dies mid-write leaves the record dirty until the next
 * {@link #put} of it, which repairs it.
 *
 * <p>Thread-safe.
 *
 * @param <T> the record type
 */
public final class Repository<T extends Record> {
    private static final Set<String> RESERVED = Set.of(Plans.REVISION);
    private static final long SETTLE_NANOS = 2_000_000_000L;

    private final Etcd etcd;
    private final String base;
    private final Plans.RecordPlan plan;
    private final Class<T> type;

    Repository(Etcd etcd, String directory, Plans.RecordPlan plan, Class<T> type) {
        this.etcd = etcd;
        Key k = Key.of(Objects.requireNonNull(directory, "directory == null"));
        this.base = k.isRoot() ? "" : k.path();
        this.plan = plan;
        this.type = type;
    }

    /** Returns the directory the records live in. */
    public String directory() {
        return base.isEmpty() ? "/" : base;
    }

    private String dir(String id) {
        Objects.requireNonNull(id, "id == null");
        if (id.isEmpty() || id.contains("/") || id.startsWith("_") || id.startsWith("~") || id.equals(".")
                || id.equals("..") || id.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("invalid record id \"" + id + "\": it must be one visible key segment "
                    + "(not empty, no '/', no leading '_' or '~', not '.' or '..')");
        }
        return base + "/" + id;
    }

    // ---- reads -------------------------------------------------------------------------------------

    /** Returns the record {@code id}, if it exists. */
    public Optional<T> get(String id) {
        return settled(dir(id)).map(d -> decode(d, id));
    }

    /** Returns every record, by id in key order, from one consistent recursive read. */
    public Map<String, T> list() {
        long deadline = System.nanoTime() + SETTLE_NANOS;
        for (int attempt = 0; ; attempt++) {
            Got got;
            try {
                got = etcd.get(directory(), recursive(), sorted());
            } catch (KeyNotFoundException e) {
                return Map.of();
            }
            Map<String, T> out = new LinkedHashMap<>();
            String inFlight = null;
            for (Node child : got.node().asDirectory().children()) {
                if (!(child instanceof Directory d)) {
                    continue;
                }
                if (!clean(d)) {
                    inFlight = d.key();
                    break;
                }
                out.put(d.name(), decode(d, d.name()));
            }
            if (inFlight == null) {
                return java.util.Collections.unmodifiableMap(out);
            }
            pause(attempt, deadline, inFlight);
        }
    }

    private Optional<Directory> settled(String dir) {
        long deadline = System.nanoTime() + SETTLE_NANOS;
        for (int attempt = 0; ; attempt++) {
            Optional<Directory> d = read(dir);
            if (d.isEmpty() || clean(d.get())) {
                return d;
            }
            pause(attempt, deadline, dir);
        }
    }

    private Optional<Directory> read(String dir) {
        try {
            Node n = etcd.get(dir, recursive(), sorted()).node();
            if (!(n instanceof Directory d)) {
                throw new MappingException(type.getSimpleName() + ": " + dir + " is a value, not a record directory");
            }
            return Optional.of(d);
        } catch (KeyNotFoundException e) {
            return Optional.empty();
        }
    }

    private static boolean clean(Directory d) {
        Optional<Node> rev = d.child(Plans.REVISION);
        return rev.isPresent() && rev.get() instanceof Value v && !v.value().endsWith("~");
    }

    private static void pause(int attempt, long deadline, String what) {
        if (System.nanoTime() - deadline >= 0) {
            throw new RecordConflictException(what + " is being written by another client and did not settle within 2 s "
                    + "(a writer may have died mid-write; the next put of the record repairs it)", null);
        }
        try {
            Thread.sleep(Math.min(50, 1L << Math.min(attempt, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.etcdj.api.EtcdInterruptedException("interrupted while reading " + what, e);
        }
    }

    private T decode(Directory d, String id) {
        return type.cast(plan.decodeRecord(d, type.getSimpleName() + "[" + id + "]", RESERVED));
    }

    // ---- writes ------------------------------------------------------------------------------------

    /**
     * Writes {@code record} as {@code id}, changing only the leaves that differ from what is stored.
     *
     * @throws RecordConflictException if another client wrote the record meanwhile (nothing of theirs is
     *     overwritten)
     */
    public void put(String id, T record) {
        Objects.requireNonNull(record, "record == null");
        String dir = dir(id);
        write(dir, record, read(dir).orElse(null));
    }

    /**
     * Creates {@code record} under a new id (an in-order key: ids increase with creation) and returns it.
     */
    public String create(T record) {
        Objects.requireNonNull(record, "record == null");
        Duration ttl = plan.ttl(record);
        Created c = ttl == null ? etcd.appendDirectory(directory()) : etcd.appendDirectory(directory(), ttl(ttl));
        write(c.node().key(), record, c.node().asDirectory());
        return c.node().name();
    }

    /**
     * Reads record {@code id}, applies {@code fn} and writes the result, retrying from the read when another
     * writer got there first, at most 10 times.
     *
     * @throws NoSuchElementException if there is no such record
     * @throws ConcurrentUpdateException if every attempt lost to another writer
     */
    public T update(String id, UnaryOperator<T> fn) {
        return update(id, 10, fn);
    }

    /** See {@link #update(String, UnaryOperator)}; at most {@code maxAttempts} attempts. */
    public T update(String id, int maxAttempts, UnaryOperator<T> fn) {
        Objects.requireNonNull(fn, "fn == null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
        }
        String dir = dir(id);
        RecordConflictException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Directory current = settled(dir).orElseThrow(() -> new NoSuchElementException("no record " + id + " in " + directory()));
            T next = Objects.requireNonNull(fn.apply(decode(current, id)), "update function returned null");
            try {
                write(dir, next, current);
                return next;
            } catch (RecordConflictException e) {
                last = e;
            }
        }
        throw new ConcurrentUpdateException("update of " + dir + " lost to concurrent writers " + maxAttempts + " times",
                maxAttempts, last);
    }

    /** Deletes record {@code id}; returns whether it existed. */
    public boolean delete(String id) {
        String dir = dir(id);
        Optional<Directory> current = read(dir);
        if (current.isEmpty()) {
            return false;
        }
        begin(dir, current.get());
        try {
            etcd.delete(dir, recursive());
        } catch (KeyNotFoundException e) {
            return false;
        }
        return true;
    }

    /** The revision a write is making, and the index of its dirty {@code ~rev} leaf. */
    private record Begun(long revision, long index) {
    }

    /** Marks the record dirty at the next revision, guarded by the revision read (or its absence). */
    private Begun begin(String dir, Directory current) {
        Optional<Node> rev = current == null ? Optional.empty() : current.child(Plans.REVISION);
        try {
            if (rev.isPresent() && rev.get() instanceof Value v) {
                long n = revision(v.value()) + 1;
                EtcdResult r = etcd.compareAndSwap(dir + "/" + Plans.REVISION, n + "~", prevIndex(v.modifiedIndex()));
                return new Begun(n, r.node().modifiedIndex());
            }
            return new Begun(1, etcd.create(dir + "/" + Plans.REVISION, "1~").node().modifiedIndex());
        } catch (EtcdServerException e) {
            throw conflict(dir, e);
        }
    }

    private static long revision(String text) {
        String t = text.endsWith("~") ? text.substring(0, text.length() - 1) : text;
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private RecordConflictException conflict(String dir, EtcdServerException e) {
        return new RecordConflictException("another client wrote " + dir + " concurrently (" + e.getMessage()
                + "); nothing of theirs was overwritten", e);
    }

    private void write(String dir, T record, Directory current) {
        Map<String, String> leaves = new LinkedHashMap<>();
        Set<String> dirs = new HashSet<>();
        List<String> emptyDirs = new ArrayList<>();
        tree("", plan.encode(record, type.getSimpleName()), leaves, dirs, emptyDirs);
        Map<String, Value> oldLeaves = new LinkedHashMap<>();
        List<String> oldDirs = new ArrayList<>();
        if (current != null) {
            existing(current, dir, oldLeaves, oldDirs);
        }
        Duration ttl = plan.ttl(record);
        if (current == null && ttl != null) {
            try {
                etcd.mkdir(dir, ttl(ttl));
            } catch (EtcdServerException e) {
                throw conflict(dir, e);
            }
        }
        Begun begun = begin(dir, current);
        try {
            for (Map.Entry<String, Value> old : oldLeaves.entrySet()) {
                if (!leaves.containsKey(old.getKey())) {
                    etcd.compareAndDelete(dir + "/" + old.getKey(), prevIndex(old.getValue().modifiedIndex()));
                }
            }
            oldDirs.sort(Comparator.comparingInt(String::length).reversed());
            for (String d : oldDirs) {
                if (!dirs.contains(d)) {
                    etcd.delete(dir + "/" + d, dev.etcdj.api.Option.dir());
                }
            }
            for (Map.Entry<String, String> leaf : leaves.entrySet()) {
                Value old = oldLeaves.get(leaf.getKey());
                if (old == null) {
                    etcd.create(dir + "/" + leaf.getKey(), leaf.getValue());
                } else if (!old.value().equals(leaf.getValue())) {
                    etcd.compareAndSwap(dir + "/" + leaf.getKey(), leaf.getValue(), prevIndex(old.modifiedIndex()));
                }
            }
            Set<String> existingDirs = new HashSet<>(oldDirs);
            for (String d : emptyDirs) {
                if (!existingDirs.contains(d)) {
                    etcd.mkdir(dir + "/" + d);
                }
            }
            if (current != null && plan.hasTtl() && (ttl != null || current.expiration().isPresent())) {
                if (ttl != null) {
                    etcd.updateDirectoryTtl(dir, ttl);
                } else {
                    etcd.removeTtl(dir);
                }
            }
            etcd.compareAndSwap(dir + "/" + Plans.REVISION, Long.toString(begun.revision()), prevIndex(begun.index()));
        } catch (EtcdServerException e) {
            throw conflict(dir, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void tree(String prefix, Map<String, Object> tree, Map<String, String> leaves, Set<String> dirs,
                             List<String> emptyDirs) {
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "/" + e.getKey();
            if (e.getValue() instanceof String s) {
                leaves.put(path, s);
            } else {
                Map<String, Object> sub = (Map<String, Object>) e.getValue();
                dirs.add(path);
                if (sub.isEmpty()) {
                    emptyDirs.add(path);
                }
                tree(path, sub, leaves, dirs, emptyDirs);
            }
        }
    }

    private static void existing(Directory d, String root, Map<String, Value> leaves, List<String> dirs) {
        for (Node n : d.descendants()) {
            String rel = n.key().substring(root.length() + 1);
            if (rel.equals(Plans.REVISION)) {
                continue;
            }
            if (n instanceof Value v) {
                leaves.put(rel, v);
            } else {
                dirs.add(rel);
            }
        }
    }

    // ---- watches -----------------------------------------------------------------------------------

    /** Watches record {@code id}: each completed write, its removal, or a resync. Close it when done. */
    public RecordWatch<T> watch(String id) {
        dir(id);
        return new RecordWatch<>(this, etcd, base, id);
    }

    /** Watches every record of the directory. Close it when done. */
    public RecordWatch<T> watchAll() {
        return new RecordWatch<>(this, etcd, base, null);
    }

    T decodeMirrored(Directory d, String id) {
        return decode(d, id);
    }

    @Override
    public String toString() {
        return "Repository[" + directory() + ", " + type.getSimpleName() + "]";
    }
}
