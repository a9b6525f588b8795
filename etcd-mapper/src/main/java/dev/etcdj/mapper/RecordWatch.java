package dev.etcdj.mapper;

import static dev.etcdj.api.Option.*;

import dev.etcdj.api.Directory;
import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdResult;
import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.Node;
import dev.etcdj.api.Value;
import dev.etcdj.api.Watch;
import dev.etcdj.api.WatchEvent;
import dev.etcdj.mapper.internal.Revision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Typed events of a {@link Repository}, built on the continuous {@link Watch}: a {@link RecordEvent.Put}
 * once per completed write, with the record exactly as that write left it (never half-written); a
 * {@link RecordEvent.Removed} when a record is deleted or expires; and a {@link RecordEvent.Resync} with
 * all records when the watch fell behind etcd's event history. The watch keeps a mirror of the directory,
 * started from one recursive read and kept current by the events, so no read is needed per event.
 * Consumed with {@link #next()} or {@link #poll(Duration)} from one thread. Close it when done.
 *
 * @param <T> the record type
 */
public final class RecordWatch<T extends Record> implements AutoCloseable {
    private final Repository<T> repository;
    private final String root;
    private final String only;
    private final String watched;
    private final Watch watch;
    /** The mirror: every key below {@link #root} (relative), with its value (null for a directory). */
    private final TreeMap<String, String> mirror = new TreeMap<>();
    private final Map<String, Instant> expirations = new LinkedHashMap<>();

    RecordWatch(Repository<T> repository, Etcd etcd, String base, String only) {
        this.repository = repository;
        this.root = base;
        this.only = only;
        this.watched = only == null ? directory(base) : base + "/" + only;
        long index;
        try {
            dev.etcdj.api.Got got = etcd.get(watched, recursive(), sorted());
            load(got.node());
            index = got.etcdIndex();
        } catch (KeyNotFoundException e) {
            index = e.index();
        }
        this.watch = etcd.watch(watched, recursive(), afterIndex(index));
    }

    private static String directory(String base) {
        return base.isEmpty() ? "/" : base;
    }

    private void load(Node node) {
        mirror.clear();
        expirations.clear();
        List<Node> nodes = new ArrayList<>();
        nodes.add(node);
        if (node instanceof Directory d) {
            nodes.addAll(d.descendants());
        }
        for (Node n : nodes) {
            String rel = relative(n.key());
            if (rel != null) {
                mirror.put(rel, n instanceof Value v ? v.value() : null);
                n.expiration().ifPresent(e -> expirations.put(rel, e));
            }
        }
    }

    private String relative(String key) {
        return key.startsWith(root + "/") ? key.substring(root.length() + 1) : null;
    }

    /** {@return the next event, blocking until there is one} */
    public RecordEvent<T> next() {
        while (true) {
            RecordEvent<T> e = apply(watch.next());
            if (e != null) {
                return e;
            }
        }
    }

    /**
     * {@return the next event, waiting at most {@code timeout}}
     *
     * @param timeout how long to wait at most
     */
    public Optional<RecordEvent<T>> poll(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout == null");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<WatchEvent> raw = watch.poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (raw.isEmpty()) {
                return Optional.empty();
            }
            RecordEvent<T> e = apply(raw.get());
            if (e != null) {
                return Optional.of(e);
            }
        }
    }

    private RecordEvent<T> apply(WatchEvent event) {
        if (event instanceof WatchEvent.Resync r) {
            if (r.snapshot().isPresent()) {
                load(r.snapshot().get());
            } else {
                mirror.clear();
                expirations.clear();
            }
            return new RecordEvent.Resync<>(all());
        }
        EtcdResult r = ((WatchEvent.Change) event).result();
        String key = r.node().key();
        String action = r.action().wireName();
        boolean removal = action.equals("delete") || action.equals("expire") || action.equals("compareAndDelete");
        if (removal && (key.equals(watched) || watched.startsWith(key.endsWith("/") ? key : key + "/"))) {
            // The watched directory itself, or an ancestor, was deleted or expired: every record went with it.
            boolean had = only != null && record(only).isPresent();
            mirror.clear();
            expirations.clear();
            if (only != null) {
                return had ? new RecordEvent.Removed<>(only) : null;
            }
            return new RecordEvent.Resync<>(Map.of());
        }
        String rel = relative(key);
        if (rel == null) {
            return null;
        }
        int slash = rel.indexOf('/');
        String id = slash < 0 ? rel : rel.substring(0, slash);
        if (removal) {
            // rel itself and what is below it; not siblings that merely share the prefix ("web-1" beside "web").
            mirror.remove(rel);
            mirror.subMap(rel + "/", true, rel + "0", false).clear();
            expirations.keySet().removeIf(k -> k.equals(rel) || k.startsWith(rel + "/"));
            return slash < 0 && (only == null || only.equals(id)) ? new RecordEvent.Removed<>(id) : null;
        }
        Node n = r.node();
        mirror.put(rel, n instanceof Value v ? v.value() : null);
        if (n.expiration().isPresent()) {
            expirations.put(rel, n.expiration().get());
        } else {
            expirations.remove(rel);
        }
        if ((only == null || only.equals(id)) && rel.equals(id + "/" + Revision.LEAF) && n instanceof Value v
                && v.value() != null && !Revision.parse(v.value()).dirty()) {
            return record(id).<RecordEvent<T>>map(rec -> new RecordEvent.Put<>(id, rec)).orElse(null);
        }
        return null;
    }

    /** Every record in the mirror as readers see it, in-flight ones as their last clean state. */
    private Map<String, T> all() {
        Map<String, T> all = new LinkedHashMap<>();
        for (String id : ids()) {
            record(id).ifPresent(rec -> all.put(id, rec));
        }
        return all;
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, String> e : mirror.entrySet()) {
            if (e.getKey().indexOf('/') < 0 && e.getValue() == null && (only == null || only.equals(e.getKey()))) {
                ids.add(e.getKey());
            }
        }
        return ids;
    }

    /** Decodes record {@code id} from the mirror as a reader would see it (see {@link Repository}). */
    private Optional<T> record(String id) {
        if (mirror.get(id + "/" + Revision.LEAF) == null) {
            return Optional.empty();
        }
        String prefix = id + "/";
        Map<String, String> leaves = new TreeMap<>();
        for (Map.Entry<String, String> e : mirror.subMap(prefix, true, id + "0", false).entrySet()) {
            leaves.put(e.getKey().substring(prefix.length()), e.getValue());
        }
        Directory d = Revision.tree(root + "/" + id, leaves, Optional.ofNullable(expirations.get(id)));
        return repository.decodeMirrored(d, id);
    }

    /** Stops watching. */
    @Override
    public void close() {
        watch.close();
    }
}
