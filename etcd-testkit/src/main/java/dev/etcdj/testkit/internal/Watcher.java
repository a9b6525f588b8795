package dev.etcdj.testkit.internal;

/** A registered watch: events arrive through {@link #sink}; {@link #startIndex} is the store index at registration. */
public final class Watcher {
    public final String key;
    public final boolean recursive;
    public final boolean stream;
    public final long sinceIndex;
    public final long startIndex;
    private final Sink sink;
    final java.util.concurrent.atomic.AtomicInteger buffered = new java.util.concurrent.atomic.AtomicInteger();
    volatile boolean removed;

    Watcher(String key, boolean recursive, boolean stream, long sinceIndex, long startIndex, Sink sink) {
        this.key = key;
        this.recursive = recursive;
        this.stream = stream;
        this.sinceIndex = sinceIndex;
        this.startIndex = startIndex;
        this.sink = sink;
    }

    boolean notify(Store.Event e, boolean originalPath, boolean deleted) {
        if ((recursive || originalPath || deleted) && e.index() >= sinceIndex) {
            if (buffered.get() >= 100) {
                removed = true;
                sink.closed();
            } else {
                buffered.incrementAndGet();
                sink.event(e.withEtcdIndex(startIndex));
            }
            return true;
        }
        return false;
    }

    /** Tells the store one event was consumed (frees buffer space, as etcd's channel does). */
    public void consumed() {
        buffered.updateAndGet(b -> Math.max(0, b - 1));
    }

    /** Returns whether the store dropped this watcher (delivered, cancelled or overflowed). */
    public boolean isRemoved() {
        return removed;
    }

    /** Receives a watcher's events; called under the store's lock, so it must not block. */
    public interface Sink {
        void event(Store.Event e);

        /** The watcher was dropped: it fell 100 events behind. */
        void closed();
    }
}
