package dev.etcdj.testkit.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * etcd's {@code watcher_hub.go} and {@code event_history.go}: the last {@link Store#HISTORY} events, and
 * the live watchers by key, told of an event on their key, below it (recursive) or on a removed ancestor.
 * Not thread-safe: the {@link Store} calls it under its lock.
 */
final class WatcherHub {
    private final Deque<Store.Event> history = new ArrayDeque<>();
    private final Map<String, List<Watcher>> watchers = new HashMap<>();
    /**
     * The index of the last event dropped from the history (0 while none was). etcd's history also holds its
     * internal events (members, cluster version), so before it overflows it answers from index 1.
     */
    private long cleared;


    /**
     * etcd's {@code Watch}: answers from history when it holds a matching event at or after
     * {@code sinceIndex} (0 = next), otherwise registers a live watcher. Returns the watcher; a
     * history answer is delivered to the sink before this returns and the watcher is not registered.
     */
    Watcher watch(String p, boolean recursive, boolean stream, long sinceIndex, long index, Watcher.Sink sink)
            throws Store.StoreError {
        long since = sinceIndex == 0 ? index + 1 : sinceIndex;
        Store.Event found = scan(p, recursive, since, index);
        Watcher w = new Watcher(p, recursive, stream, since, index, sink);
        if (found != null) {
            w.buffered.incrementAndGet();
            w.removed = true;
            sink.event(found.withEtcdIndex(index));
            return w;
        }
        watchers.computeIfAbsent(p, k -> new ArrayList<>()).add(w);
        return w;
    }

    /** Unregisters a watcher. */
    void cancel(Watcher w) {
        List<Watcher> l = watchers.get(w.key);
        if (l != null) {
            l.remove(w);
            if (l.isEmpty()) {
                watchers.remove(w.key);
            }
        }
        w.removed = true;
    }

    /** Returns how many live watchers are registered. */
    int count() {
        int n = 0;
        for (List<Watcher> l : watchers.values()) {
            n += l.size();
        }
        return n;
    }

    private Store.Event scan(String key, boolean recursive, long since, long index) throws Store.StoreError {
        long start = cleared + 1;
        if (since < start) {
            throw new Store.StoreError(401, "the requested history has been cleared [" + start + "/" + since + "]", index);
        }
        if (history.isEmpty() || since > history.peekLast().index()) {
            return null;
        }
        String nkey = key + "/";
        for (Store.Event e : history) {
            if (e.index() < since || e.refresh()) {
                continue;
            }
            String k = e.node().key();
            boolean ok = k.equals(key) || (recursive && k.startsWith(nkey));
            if ((e.action().equals("delete") || e.action().equals("expire")) && e.prevNode() != null && e.prevNode().dir()
                    && key.startsWith(e.prevNode().key())) {
                ok = true;
            }
            if (ok) {
                return e;
            }
        }
        return null;
    }

    /** Keeps {@code e} in the history and tells the watchers of its key, its ancestors and the removed paths. */
    void publish(Store.Event e, List<String> removedPaths) {
        history.addLast(e);
        while (history.size() > Store.HISTORY) {
            cleared = history.removeFirst().index();
        }
        if (e.refresh()) {
            return;
        }
        if (removedPaths != null) {
            for (String path : removedPaths) {
                notifyWatchers(e, path.isEmpty() ? "/" : path, true);
            }
        }
        String key = e.node().key();
        notifyWatchers(e, "/", false);
        int start = 1;
        while (start <= key.length() && !key.isEmpty()) {
            int end = key.indexOf('/', start);
            if (end < 0) {
                end = key.length();
            }
            notifyWatchers(e, key.substring(0, end), false);
            start = end + 1;
        }
    }

    private void notifyWatchers(Store.Event e, String nodePath, boolean deleted) {
        String watchKey = nodePath.equals("/") ? "" : nodePath;
        List<Watcher> l = watchers.get(watchKey);
        if (l == null) {
            return;
        }
        String eventKey = e.node().key();
        for (Iterator<Watcher> it = l.iterator(); it.hasNext(); ) {
            Watcher w = it.next();
            boolean originalPath = eventKey.equals(watchKey);
            if ((originalPath || !isHidden(nodePath, eventKey.isEmpty() ? "/" : eventKey)) && w.notify(e, originalPath, deleted)) {
                if (!w.stream || w.removed) {
                    w.removed = true;
                    it.remove();
                }
            }
        }
        if (l.isEmpty()) {
            watchers.remove(watchKey);
        }
    }

    /** Go's {@code isHidden(watchPath, keyPath)}. */
    static boolean isHidden(String watchPath, String keyPath) {
        if (watchPath.length() > keyPath.length()) {
            return false;
        }
        String after = GoPath.clean("/" + keyPath.substring(watchPath.length()));
        return after.contains("/_");
    }

    /** Forgets the history (a restored store starts without one, as etcd after a restart). */
    void clear() {
        history.clear();
        cleared = 0;
    }
}
