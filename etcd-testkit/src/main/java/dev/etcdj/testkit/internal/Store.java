package dev.etcdj.testkit.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * etcd 3.4's v2 store in memory: the same tree, index bookkeeping, errors, TTL heap, 1000-event history
 * and watcher hub as {@code server/etcdserver/api/v2store}, including its quirks. Keys are handled as the
 * server sees them after stripping its internal namespace, so the root's path is {@code ""}. Every public
 * method is atomic (the store is one monitor); watchers are told under the lock and must not block.
 */
public final class Store {
    /** Events etcd keeps for watches from the past. */
    public static final int HISTORY = 1000;
    /** Matches Go's {@code minExpireTime}: earlier expirations mean "permanent". */
    private static final Instant MIN_EXPIRE = Instant.parse("2000-01-01T00:00:00Z");

    private final Clock clock;
    private final StoreNode root;
    private long index;
    private final PriorityQueue<StoreNode> ttlHeap = new PriorityQueue<>(Comparator.comparing((StoreNode n) -> n.expireTime)
            .thenComparingLong(n -> n.createdIndex));
    private final WatcherHub hub = new WatcherHub();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** Creates an empty store whose index starts at {@code startIndex} (a fresh etcd: 3). */
    /**
     * A store whose unsorted listings come in an order drawn from {@code seed}, as Go's map iteration gives
     * etcd's: code that relies on an order it did not ask for fails here as it would in production, and
     * the same seed and operations give the same orders again.
     */
    public Store(Clock clock, long startIndex, long seed) {
        this.clock = Objects.requireNonNull(clock, "clock == null");
        this.index = startIndex;
        this.root = new StoreNode("", null, true, null, 0, null);
        this.listingOrder = new java.util.Random(seed);
    }

    private final java.util.Random listingOrder;

    /** A store error: the code, the cause and the index etcd reports. */
    public static final class StoreError extends Exception {
        private static final long serialVersionUID = 1L;
        public final int code;
        public final String cause;
        public final long index;

        StoreError(int code, String cause, long index) {
            super(code + " " + cause, null, false, false);
            this.code = code;
            this.cause = cause;
            this.index = index;
        }
    }

    /** The wire view of a node: what etcd's {@code NodeExtern} holds. */
    public record NodeView(String key, String value, boolean dir, Instant expiration, long ttl, List<NodeView> nodes,
                           long modifiedIndex, long createdIndex) {
    }

    /** One event: a write's result, or a read's, as etcd's {@code Event}. */
    public record Event(String action, NodeView node, NodeView prevNode, long etcdIndex, boolean refresh) {
        /** Returns the index the event happened at. */
        public long index() {
            return node.modifiedIndex();
        }

        /** Returns whether the HTTP status is 201 Created. */
        public boolean isCreated() {
            return action.equals("create") || (action.equals("set") && prevNode == null);
        }

        Event withEtcdIndex(long etcdIndex) {
            return new Event(action, node, prevNode, etcdIndex, refresh);
        }
    }

    // ---- reads -------------------------------------------------------------------------------------

    /** etcd's {@code Get}. */
    public synchronized Event get(String key, boolean recursive, boolean sorted) throws StoreError {
        String p = clean(key);
        StoreNode n = internalGet(p);
        return new Event("get", view(n, true, recursive, sorted, p), null, index, false);
    }

    /** Returns the current index. */
    public synchronized long index() {
        return index;
    }

    /** Advances the index by {@code n} without an event (activity the fake does not model). */
    public synchronized void bumpIndex(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("n < 0: " + n);
        }
        index += n;
    }

    // ---- writes ------------------------------------------------------------------------------------

    /** etcd's {@code Set}: create or replace a file (or an empty directory). */
    public synchronized Event set(String key, boolean dir, String value, Instant expire, boolean refresh) throws StoreError {
        String p = clean(key);
        StoreNode n = null;
        StoreError getErr = null;
        try {
            n = internalGet(p);
        } catch (StoreError e) {
            if (e.code != 100) {
                throw e;
            }
            getErr = e;
        }
        if (refresh) {
            if (getErr != null) {
                throw getErr;
            }
            value = n.value;
        }
        NodeView prev = n == null ? null : view(n, false, false, false, p);
        Event e = internalCreate(p, dir, value, false, true, expire, "set");
        e = new Event(e.action, e.node, prev, index, refresh);
        publish(e, null);
        return e;
    }

    /** etcd's {@code Create}: create only, or with {@code unique} an in-order key below {@code key}. */
    public synchronized Event create(String key, boolean dir, String value, boolean unique, Instant expire) throws StoreError {
        Event e = internalCreate(clean(key), dir, value, unique, false, expire, "create");
        e = e.withEtcdIndex(index);
        publish(e, null);
        return e;
    }

    /** etcd's {@code Update}. */
    public synchronized Event update(String key, String value, Instant expire, boolean refresh) throws StoreError {
        String p = clean(key);
        readOnly(p);
        long next = index + 1;
        StoreNode n = internalGet(p);
        if (n.dir && !value.isEmpty()) {
            throw new StoreError(102, p, index);
        }
        if (refresh) {
            value = n.value;
        }
        NodeView prev = view(n, false, false, false, p);
        if (!n.dir) {
            n.value = value;
            n.modifiedIndex = next;
        }
        updateTtl(n, expire);
        Instant exp = n.expireTime;
        NodeView node = new NodeView(p, n.dir ? null : value, n.dir, exp, ttl(exp), null, next, n.createdIndex);
        Event e = new Event("update", node, prev, next, refresh);
        index = next;
        publish(e, null);
        return e;
    }

    /** etcd's {@code CompareAndSwap}. */
    public synchronized Event compareAndSwap(String key, String prevValue, long prevIndex, String value, Instant expire,
                                             boolean refresh) throws StoreError {
        String p = clean(key);
        readOnly(p);
        StoreNode n = internalGet(p);
        if (n.dir) {
            throw new StoreError(102, p, index);
        }
        compare(n, prevValue, prevIndex);
        if (refresh) {
            value = n.value;
        }
        index++;
        NodeView prev = view(n, false, false, false, p);
        n.value = value;
        n.modifiedIndex = index;
        updateTtl(n, expire);
        NodeView node = new NodeView(p, value, false, n.expireTime, ttl(n.expireTime), null, index, n.createdIndex);
        Event e = new Event("compareAndSwap", node, prev, index, refresh);
        publish(e, null);
        return e;
    }

    /** etcd's {@code Delete}. */
    public synchronized Event delete(String key, boolean dir, boolean recursive) throws StoreError {
        String p = clean(key);
        readOnly(p);
        if (recursive) {
            dir = true;
        }
        StoreNode n = internalGet(p);
        long next = index + 1;
        NodeView node = new NodeView(p, null, n.dir, null, 0, null, next, n.createdIndex);
        Event e = new Event("delete", node, view(n, false, false, false, p), next, false);
        List<String> removed = new ArrayList<>();
        remove(n, dir, recursive, removed);
        index = next;
        publish(e, removed);
        return e;
    }

    /** etcd's {@code CompareAndDelete}. */
    public synchronized Event compareAndDelete(String key, String prevValue, long prevIndex) throws StoreError {
        String p = clean(key);
        StoreNode n = internalGet(p);
        if (n.dir) {
            throw new StoreError(102, p, index);
        }
        compare(n, prevValue, prevIndex);
        index++;
        NodeView node = new NodeView(p, null, false, null, 0, null, index, n.createdIndex);
        Event e = new Event("compareAndDelete", node, view(n, false, false, false, p), index, false);
        List<String> removed = new ArrayList<>();
        remove(n, false, false, removed);
        publish(e, removed);
        return e;
    }

    /**
     * etcd's {@code DeleteExpiredKeys}: removes every node whose expiry is at or before {@code cutoff}, in
     * expiry order, each with its own {@code expire} event. Returns how many expired.
     */
    public synchronized int deleteExpired(Instant cutoff) {
        int count = 0;
        while (!ttlHeap.isEmpty() && !ttlHeap.peek().expireTime.isAfter(cutoff)) {
            StoreNode n = ttlHeap.poll();
            index++;
            NodeView node = new NodeView(n.path, null, n.dir, null, 0, null, index, n.createdIndex);
            Event e = new Event("expire", node, view(n, false, false, false, n.path), index, false);
            List<String> removed = new ArrayList<>();
            try {
                remove(n, true, true, removed);
            } catch (StoreError impossible) {
                throw new AssertionError(impossible);
            }
            publish(e, removed);
            count++;
        }
        return count;
    }

    /** Returns whether any node has a TTL. */
    public synchronized boolean hasTtlNodes() {
        return !ttlHeap.isEmpty();
    }

    /** The parameters of one key request, after etcd's validation: what its dispatch looks at. */
    public record Request(String method, String key, String value, boolean dir, Boolean prevExist, String prevValue,
                          long prevIndex, boolean refresh, boolean recursive, boolean sorted, Instant expire) {
    }

    /**
     * etcd's dispatch of a validated key request (v2 applier): GET/HEAD read, POST creates an in-order key,
     * DELETE deletes or compares-and-deletes, PUT sets, creates, updates or compares-and-swaps by
     * {@code prevExist}, {@code prevValue} and {@code prevIndex}.
     */
    public Event apply(Request r) throws StoreError {
        String value = r.value() == null ? "" : r.value();
        String prevValue = r.prevValue() == null ? "" : r.prevValue();
        boolean conditional = r.prevIndex() > 0 || !prevValue.isEmpty();
        switch (r.method()) {
            case "GET":
            case "HEAD":
                return get(r.key(), r.recursive(), r.sorted());
            case "POST":
                return create(r.key(), r.dir(), value, true, r.expire());
            case "DELETE":
                return conditional ? compareAndDelete(r.key(), prevValue, r.prevIndex()) : delete(r.key(), r.dir(), r.recursive());
            default:
                if (r.prevExist() != null) {
                    if (!r.prevExist()) {
                        return create(r.key(), r.dir(), value, false, r.expire());
                    }
                    return conditional ? compareAndSwap(r.key(), prevValue, r.prevIndex(), value, r.expire(), r.refresh())
                            : update(r.key(), value, r.expire(), r.refresh());
                }
                return conditional ? compareAndSwap(r.key(), prevValue, r.prevIndex(), value, r.expire(), r.refresh())
                        : set(r.key(), r.dir(), value, r.expire(), r.refresh());
        }
    }

    // ---- watches -----------------------------------------------------------------------------------

    /**
     * etcd's {@code Watch}: answers from history when it holds a matching event at or after
     * {@code sinceIndex} (0 = next), otherwise registers a live watcher. Returns the watcher; a
     * history answer is delivered to the sink before this returns and the watcher is not registered.
     */
    public synchronized Watcher watch(String key, boolean recursive, boolean stream, long sinceIndex, Watcher.Sink sink)
            throws StoreError {
        return hub.watch(clean(key), recursive, stream, sinceIndex, index, sink);
    }

    /** Unregisters a watcher. */
    public synchronized void cancel(Watcher w) {
        hub.cancel(w);
    }

    /** Returns how many live watchers are registered. */
    public synchronized int watcherCount() {
        return hub.count();
    }

    private void publish(Event e, List<String> removedPaths) {
        hub.publish(e, removedPaths);
        fire();
    }

    /** Registers a callback run after every change (under the lock; must not block). */
    public void onChange(Runnable r) {
        listeners.add(r);
    }

    private void fire() {
        for (Runnable r : listeners) {
            r.run();
        }
    }

    // ---- internals ---------------------------------------------------------------------------------

    /** Path of a key as the store keeps it: Go's path.Clean of "/" + key, with the root as "". */
    static String clean(String key) {
        String p = GoPath.clean("/" + key);
        return p.equals("/") ? "" : p;
    }

    private void readOnly(String p) throws StoreError {
        if (p.isEmpty()) {
            throw new StoreError(107, "/", index);
        }
    }

    private StoreNode internalGet(String p) throws StoreError {
        StoreNode n = root;
        if (p.isEmpty()) {
            return n;
        }
        int start = 1;
        while (start <= p.length()) {
            int end = p.indexOf('/', start);
            if (end < 0) {
                end = p.length();
            }
            if (!n.dir) {
                throw new StoreError(104, n.path, index);
            }
            StoreNode child = n.children.get(p.substring(start, end));
            if (child == null) {
                throw new StoreError(100, p.substring(0, end), index);
            }
            n = child;
            start = end + 1;
        }
        return n;
    }

    private Event internalCreate(String p, boolean dir, String value, boolean unique, boolean replace, Instant expire,
                                 String action) throws StoreError {
        long next = index + 1;
        if (unique) {
            p = p + "/" + String.format("%020d", next);
        }
        readOnly(p);
        if (expire != null && expire.isBefore(MIN_EXPIRE)) {
            expire = null;
        }
        int slash = p.lastIndexOf('/');
        String dirName = p.substring(0, slash);
        String name = p.substring(slash + 1);
        StoreNode d = walkCreatingDirs(dirName, next);
        StoreNode existing = d.children.get(name);
        NodeView prev = null;
        if (existing != null) {
            if (!replace) {
                throw new StoreError(105, p, index);
            }
            if (existing.dir) {
                throw new StoreError(102, p, index);
            }
            prev = view(existing, false, false, false, p);
            detach(existing);
        }
        StoreNode n = new StoreNode(p, d, dir, dir ? null : value, next, expire);
        d.children.put(name, n);
        if (expire != null) {
            ttlHeap.add(n);
        }
        index = next;
        NodeView node = new NodeView(p, dir ? null : value, dir, expire, ttl(expire), null, next, next);
        return new Event(action, node, prev, next, false);
    }

    private StoreNode walkCreatingDirs(String dirPath, long next) throws StoreError {
        StoreNode n = root;
        if (dirPath.isEmpty()) {
            return n;
        }
        int start = 1;
        while (start <= dirPath.length()) {
            int end = dirPath.indexOf('/', start);
            if (end < 0) {
                end = dirPath.length();
            }
            String name = dirPath.substring(start, end);
            StoreNode child = n.children.get(name);
            if (child == null) {
                child = new StoreNode(dirPath.substring(0, end), n, true, null, next, null);
                n.children.put(name, child);
            } else if (!child.dir) {
                throw new StoreError(104, child.path, index);
            }
            n = child;
            start = end + 1;
        }
        return n;
    }

    private void compare(StoreNode n, String prevValue, long prevIndex) throws StoreError {
        boolean indexMatch = prevIndex == 0 || n.modifiedIndex == prevIndex;
        boolean valueMatch = prevValue == null || prevValue.isEmpty() || n.value.equals(prevValue);
        if (valueMatch && indexMatch) {
            return;
        }
        String pv = prevValue == null ? "" : prevValue;
        String cause;
        if (indexMatch) {
            cause = "[" + pv + " != " + n.value + "]";
        } else if (valueMatch) {
            cause = "[" + prevIndex + " != " + n.modifiedIndex + "]";
        } else {
            cause = "[" + pv + " != " + n.value + "] [" + prevIndex + " != " + n.modifiedIndex + "]";
        }
        throw new StoreError(101, cause, index);
    }

    /**
     * Removes {@code n} and, for a directory, its subtree, children before their parent (etcd's order of
     * removed paths). Iterative: a key of any depth is removed whole or, on a refusal, not at all.
     */
    private void remove(StoreNode n, boolean dir, boolean recursive, List<String> removed) throws StoreError {
        if (n.dir) {
            if (!dir) {
                throw new StoreError(102, n.path, index);
            }
            if (!n.children.isEmpty() && !recursive) {
                throw new StoreError(108, n.path, index);
            }
        }
        Deque<Map.Entry<StoreNode, Iterator<StoreNode>>> stack = new ArrayDeque<>();
        stack.push(Map.entry(n, n.dir ? new ArrayList<>(n.children.values()).iterator() : java.util.Collections.emptyIterator()));
        while (!stack.isEmpty()) {
            Map.Entry<StoreNode, Iterator<StoreNode>> top = stack.peek();
            if (top.getValue().hasNext()) {
                StoreNode child = top.getValue().next();
                stack.push(Map.entry(child, child.dir ? new ArrayList<>(child.children.values()).iterator()
                        : java.util.Collections.emptyIterator()));
            } else {
                stack.pop();
                detach(top.getKey());
                removed.add(top.getKey().path);
            }
        }
    }

    private void detach(StoreNode n) {
        if (n.parent != null && n.parent.children.get(n.name()) == n) {
            n.parent.children.remove(n.name());
        }
        if (n.expireTime != null) {
            ttlHeap.remove(n);
        }
    }

    private void updateTtl(StoreNode n, Instant expire) {
        if (expire != null && expire.isBefore(MIN_EXPIRE)) {
            expire = null;
        }
        if (n.expireTime != null) {
            ttlHeap.remove(n);
        }
        n.expireTime = expire;
        if (expire != null) {
            ttlHeap.add(n);
        }
    }

    /** etcd's expirationAndTTL: the remaining time rounded up to a second (0 omitted on the wire). */
    long ttl(Instant expire) {
        if (expire == null) {
            return 0;
        }
        long nanos = Duration.between(clock.instant(), expire).toNanos();
        long ttl = nanos / 1_000_000_000L;
        if (nanos % 1_000_000_000L > 0) {
            ttl++;
        }
        return ttl;
    }

    private NodeView view(StoreNode n, boolean expandTop, boolean recursive, boolean sorted, String key) {
        return n.view(expandTop, recursive, sorted, key, listingOrder, this::ttl);
    }

    /** Go compares strings byte-wise in UTF-8, which orders supplementary characters differently from UTF-16. */
    static int compareBytes(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Replaces the whole store with {@code root} (a {@link #dump()}, from a snapshot) at {@code index}:
     * every node with its indexes and expiration. History and watchers start empty, as after an etcd restart.
     */
    public synchronized void restore(NodeView dumped, long atIndex) {
        root.children.clear();
        ttlHeap.clear();
        hub.clear();
        Deque<Map.Entry<StoreNode, NodeView>> todo = new ArrayDeque<>();
        todo.push(Map.entry(root, dumped));
        while (!todo.isEmpty()) {
            Map.Entry<StoreNode, NodeView> e = todo.pop();
            if (e.getValue().nodes() == null) {
                continue;
            }
            for (NodeView c : e.getValue().nodes()) {
                StoreNode n = new StoreNode(c.key(), e.getKey(), c.dir(), c.dir() ? null : c.value(), c.createdIndex(),
                        c.expiration());
                n.modifiedIndex = c.modifiedIndex();
                e.getKey().children.put(n.name(), n);
                if (c.expiration() != null) {
                    ttlHeap.add(n);
                }
                if (c.dir()) {
                    todo.push(Map.entry(n, c));
                }
            }
        }
        index = atIndex;
    }

    /** Returns the whole tree, hidden nodes included, for inspection. */
    public synchronized NodeView dump() {
        return root.dump(this::ttl);
    }

}
