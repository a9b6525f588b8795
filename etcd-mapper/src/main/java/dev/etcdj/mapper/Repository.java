package dev.etcdj.mapper;

import static dev.etcdj.api.Option.*;

import dev.etcdj.api.ConcurrentUpdateException;
import dev.etcdj.api.Created;
import dev.etcdj.api.Directory;
import dev.etcdj.api.Etcd;
import dev.etcdj.api.Got;
import dev.etcdj.api.Key;
import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.Node;
import dev.etcdj.api.Value;
import dev.etcdj.mapper.internal.Plans;
import dev.etcdj.mapper.internal.Revision;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A directory of records, one sub-directory per id: {@code /services/api/host}, {@code /services/api/port}.
 *
 * <p><b>Writes.</b> etcd v2 has no multi-key transaction, so a write is a sequence of guarded single-key
 * writes. A writer first <em>claims</em> the record: it creates {@code ~lock} (create-only, with a TTL, the
 * write lease: 10 s by default, see {@link EtcdMapper.Builder#writeLease}), so at most one live writer
 * works on a record at a time. It then marks the revision leaf {@code ~rev} dirty ({@code n+1~}, carrying
 * the record's last clean state), writes only the leaves that changed (compare-and-swap on their
 * {@code modifiedIndex}, create-only, compare-and-delete), renewing and re-checking its claim before each
 * one, and finally swaps {@code ~rev} to the clean {@code n+1} and deletes its claim. The exact rule:
 * <ul>
 *   <li>a live writer's claim is never taken over: another writer waits up to 2 s for it, then fails with
 *       {@link RecordConflictException};</li>
 *   <li>a dead writer's claim expires with its lease; the next writer then rolls the record forward to its
 *       own version, whatever the dead writer left;</li>
 *   <li>a writer that stalls longer than its lease loses its claim and stops before its next leaf write
 *       (the one unavoidable window: a stall of more than the lease between that check and the write).</li>
 * </ul>
 *
 * <p><b>Reads.</b> {@link #get}, {@link #list} and the watches read whole directories with one recursive
 * GET (a consistent snapshot). A clean record is decoded from its leaves; a record caught mid-write, or
 * left half-written by a writer that died, is returned as its <em>last clean state</em>, which the dirty
 * {@code ~rev} carries. So readers never wait and never see a half-written record: each record read is
 * exactly one version that some write completed (or, for a write in flight, the one before it). A
 * directory without a {@code ~rev}, or whose first write never completed, is not a record and is skipped.
 *
 * <p>Thread-safe.
 *
 * @param <T> the record type
 */
public final class Repository<T extends Record> {
    /** The default write lease: see {@link EtcdMapper.Builder#writeLease}. */
    static final Duration DEFAULT_WRITE_LEASE = Duration.ofSeconds(10);
    private static final Set<String> RESERVED = Set.of(Revision.LEAF, Revision.LOCK);

    private final Etcd etcd;
    private final String base;
    private final Plans.RecordPlan plan;
    private final Class<T> type;
    private final RecordWriter writer;

    Repository(Etcd etcd, String directory, Plans.RecordPlan plan, Class<T> type, Duration writeLease) {
        this.etcd = etcd;
        Key k = Key.of(Objects.requireNonNull(directory, "directory == null"));
        this.base = k.isRoot() ? "" : k.path();
        this.plan = plan;
        this.type = type;
        this.writer = new RecordWriter(etcd, writeLease);
    }

    /** {@return the directory the records live in} */
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

    /**
     * {@return the record {@code id}, if it exists (its last complete version while a write is under way)}
     *
     * @param id the record's id: its sub-directory's name
     */
    public Optional<T> get(String id) {
        return writer.read(dir(id)).flatMap(d -> visible(d, id));
    }

    /** {@return every record, by id in key order, from one consistent recursive read} Never waits. */
    public Map<String, T> list() {
        Got got;
        try {
            got = etcd.get(directory(), recursive(), sorted());
        } catch (KeyNotFoundException e) {
            return Map.of();
        }
        Map<String, T> out = new LinkedHashMap<>();
        for (Node child : got.node().asDirectory().children()) {
            if (child instanceof Directory d) {
                visible(d, d.name()).ifPresent(r -> out.put(d.name(), r));
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The record as readers see it: its leaves when clean, its last clean state when dirty. */
    private Optional<T> visible(Directory d, String id) {
        Optional<Node> rev = d.child(Revision.LEAF);
        if (rev.isEmpty() || !(rev.get() instanceof Value v)) {
            return Optional.empty();
        }
        Revision r = Revision.parse(v.value());
        if (!r.dirty()) {
            return Optional.of(decode(d, id));
        }
        return r.lastClean().map(leaves -> decode(Revision.tree(d.key(), leaves, d.expiration()), id));
    }

    private T decode(Directory d, String id) {
        return type.cast(plan.decodeRecord(d, type.getSimpleName() + "[" + id + "]", RESERVED));
    }

    // ---- writes ------------------------------------------------------------------------------------

    /**
     * Writes {@code record} as {@code id}, changing only the leaves that differ from what is stored.
     *
     * @param id the record's id: its sub-directory's name
     * @param record the record
     * @throws RecordConflictException if another live writer holds the record for more than 2 s, or this
     *     writer lost its claim (nothing of theirs is overwritten)
     * @throws MappingException if the record cannot be written (checked before anything is sent)
     * @throws IllegalArgumentException if its TTL is not whole seconds (checked before anything is sent)
     */
    public void put(String id, T record) {
        String dir = dir(id);
        Encoded next = encode(dir, record);
        try (RecordWriter.Claim c = writer.claim(dir, next.ttl)) {
            writer.write(c, next.leaves, plan.hasTtl(), next.ttl);
        }
    }

    /**
     * Creates {@code record} under a new id (an in-order key: ids increase with creation) and returns it.
     *
     * @param record the record
     * @return the new record's id
     */
    public String create(T record) {
        Objects.requireNonNull(record, "record == null");
        Encoded next = encode(directory() + "/00000000000000000000", record);
        Created c = next.ttl == null ? etcd.appendDirectory(directory()) : etcd.appendDirectory(directory(), ttl(next.ttl));
        try (RecordWriter.Claim claim = writer.claim(c.node().key(), null)) {
            writer.write(claim, next.leaves, plan.hasTtl(), next.ttl);
        }
        return c.node().name();
    }

    /**
     * Reads record {@code id}, applies {@code fn} and writes the result, holding the record's claim from the
     * read to the write (so no other writer can come in between; keep {@code fn} short). Retries when the
     * claim cannot be had or is lost, at most 10 times.
     *
     * @param id the record's id: its sub-directory's name
     * @param fn the new record from the current one; may run more than once
     * @return the record written
     * @throws NoSuchElementException if there is no such record
     * @throws ConcurrentUpdateException if every attempt lost to another writer
     */
    public T update(String id, UnaryOperator<T> fn) {
        return update(id, 10, fn);
    }

    /**
     * See {@link #update(String, UnaryOperator)}; at most {@code maxAttempts} attempts.
     *
     * @param id the record's id: its sub-directory's name
     * @param maxAttempts how many attempts to make, at least 1
     * @param fn the new record from the current one; may run more than once
     * @return the record written
     */
    public T update(String id, int maxAttempts, UnaryOperator<T> fn) {
        Objects.requireNonNull(fn, "fn == null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
        }
        String dir = dir(id);
        RecordConflictException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try (RecordWriter.Claim c = writer.claim(dir, null)) {
                T current = Optional.ofNullable(c.current).flatMap(d -> visible(d, id))
                        .orElseThrow(() -> new NoSuchElementException("no record " + id + " in " + directory()));
                T next = Objects.requireNonNull(fn.apply(current), "update function returned null");
                Encoded e = encode(dir, next);
                writer.write(c, e.leaves, plan.hasTtl(), e.ttl);
                return next;
            } catch (RecordConflictException e) {
                last = e;
            }
        }
        throw new ConcurrentUpdateException("update of " + dir + " lost to concurrent writers " + maxAttempts + " times",
                maxAttempts, last);
    }

    /**
     * Deletes record {@code id} (waiting for a live writer of it, as {@link #put} does); returns whether it existed.
     *
     * @param id the record's id: its sub-directory's name
     * @return whether the record existed
     */
    public boolean delete(String id) {
        String dir = dir(id);
        try (RecordWriter.Claim c = writer.claim(dir, null)) {
            boolean existed = c.current != null && visible(c.current, id).isPresent();
            try {
                etcd.delete(dir, recursive());
            } catch (KeyNotFoundException e) {
                return false;
            }
            return existed;
        }
    }

    /** A record ready to write: its leaves (null for an empty directory) and TTL, all checked. */
    private record Encoded(Map<String, String> leaves, Duration ttl) {
    }

    private Encoded encode(String dir, T record) {
        Objects.requireNonNull(record, "record == null");
        Duration ttl = plan.ttl(record);
        if (ttl != null) {
            new dev.etcdj.api.Option.Ttl(ttl);   // whole seconds, in range: before any I/O
        }
        Map<String, String> leaves = new TreeMap<>();
        tree("", plan.encode(record, type.getSimpleName()), leaves);
        for (String rel : leaves.keySet()) {
            RecordWriter.checkKey(dir, rel, "leaf \"" + rel + "\"");
        }
        return new Encoded(leaves, ttl);
    }

    @SuppressWarnings("unchecked")
    private static void tree(String prefix, Map<String, Object> tree, Map<String, String> leaves) {
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "/" + e.getKey();
            if (e.getValue() instanceof String s) {
                leaves.put(path, s);
            } else {
                Map<String, Object> sub = (Map<String, Object>) e.getValue();
                if (sub.isEmpty()) {
                    leaves.put(path, null);
                }
                tree(path, sub, leaves);
            }
        }
    }

    // ---- watches -----------------------------------------------------------------------------------

    /**
     * Watches record {@code id}: each completed write, its removal, or a resync. Close it when done.
     *
     * @param id the record's id: its sub-directory's name
     * @return the watch
     */
    public RecordWatch<T> watch(String id) {
        dir(id);
        return new RecordWatch<>(this, etcd, base, id);
    }

    /**
     * Watches every record of the directory. Close it when done.
     *
     * @return the watch
     */
    public RecordWatch<T> watchAll() {
        return new RecordWatch<>(this, etcd, base, null);
    }

    Optional<T> decodeMirrored(Directory d, String id) {
        return visible(d, id);
    }

    @Override
    public String toString() {
        return "Repository[" + directory() + ", " + type.getSimpleName() + "]";
    }
}
