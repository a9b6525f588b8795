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
import dev.etcdj.mapper.internal.Plans;
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
    private final Watch watch;
    /** The mirror: every key below {@link #root} (relative), with its value (null for a directory). */
    private final TreeMap<String, String> mirror = new TreeMap<>();
    private final Map<String, Instant> expirations = new LinkedHashMap<>();

    RecordWatch(Repository<T> repository, Etcd etcd, String base, String only) {
        this.repository = repository;
        this.root = base;
        this.only = only;
        String watched = only == null ? directory(base) : base + "/" + only;
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

    /** Returns the next event, blocking until there is one. */
    public RecordEvent<T> next() {
        while (true) {
            RecordEvent<T> e = apply(watch.next());
            if (e != null) {
                return e;
            }
        }
    }

    /** Returns the next event, waiting at most {@code timeout}. */
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
            Map<String, T> all = new LinkedHashMap<>();
            for (String id : ids()) {
                record(id).ifPresent(rec -> all.put(id, rec));
            }
            return new RecordEvent.Resync<>(all);
        }
        EtcdResult r = ((WatchEvent.Change) event).result();
        String rel = relative(r.node().key());
        if (rel == null) {
            return null;
        }
        String action = r.action().wireName();
        int slash = rel.indexOf('/');
        String id = slash < 0 ? rel : rel.substring(0, slash);
        if (action.equals("delete") || action.equals("expire") || action.equals("compareAndDelete")) {
            mirror.subMap(rel, true, rel + "/\uffff", true).clear();
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
        if ((only == null || only.equals(id)) && rel.equals(id + "/" + Plans.REVISION) && n instanceof Value v
                && v.value() != null && !v.value().endsWith("~")) {
            return record(id).<RecordEvent<T>>map(rec -> new RecordEvent.Put<>(id, rec)).orElse(null);
        }
        return null;
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (String k : mirror.keySet()) {
            if (k.indexOf('/') < 0 && mirror.get(k) == null) {
                ids.add(k);
            }
        }
        return ids;
    }

    /** Decodes record {@code id} from the mirror, if it is there and clean. */
    private Optional<T> record(String id) {
        String rev = mirror.get(id + "/" + Plans.REVISION);
        if (rev == null || rev.endsWith("~")) {
            return Optional.empty();
        }
        return Optional.of(repository.decodeMirrored(build(id), id));
    }

    private Directory build(String rel) {
        List<Node> children = new ArrayList<>();
        String prefix = rel + "/";
        for (Map.Entry<String, String> e : mirror.subMap(prefix, prefix + "\uffff").entrySet()) {
            String rest = e.getKey().substring(prefix.length());
            if (rest.indexOf('/') >= 0) {
                continue;
            }
            String key = root + "/" + e.getKey();
            if (e.getValue() == null) {
                children.add(build(e.getKey()));
            } else {
                children.add(Value.of(key, e.getValue(), 0, 0));
            }
        }
        Optional<Instant> exp = Optional.ofNullable(expirations.get(rel));
        Optional<Duration> ttl = exp.map(t -> {
            long millis = Duration.between(Instant.now(), t).toMillis();
            return Duration.ofSeconds(Math.max(0, (millis + 999) / 1000));
        });
        return new Directory(root + "/" + rel, children, 0, 0, exp, ttl);
    }

    /** Stops watching. */
    @Override
    public void close() {
        watch.close();
    }
}
