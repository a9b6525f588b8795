package dev.etcdj.testkit.internal.v3;

import dev.etcdj.api.EtcdConnectionException;
import dev.etcdj.api.EtcdException;
import dev.etcdj.v3.KeyValue;
import dev.etcdj.v3.WatchEvent;
import dev.etcdj.v3.spi.WatchListener;
import dev.etcdj.v3.spi.WatchRequest;
import dev.etcdj.v3.spi.WatchStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fake's watches, as etcd's {@code mvcc/watchable_store.go}: a watch from a past revision first gets
 * the history kept since then, then every change as it is committed; one from a compacted revision ends
 * with the compaction. Delivery is synchronous: {@link #deliver()} runs after every call of the fake, under
 * its lock, so a change is with its watches when the call that made it returns. Not thread-safe: the
 * caller holds the fake's lock, which {@code lock} names.
 */
public final class Watchers {
    private final Applier applier;
    private final Object lock;
    private final List<Watcher> watchers = new ArrayList<>();

    /**
     * @param applier the store watched
     * @param lock the lock every call of the fake holds
     */
    public Watchers(Applier applier, Object lock) {
        this.applier = applier;
        this.lock = lock;
    }

    /** {@return a new watch, with the history it asks for delivered already, or ended by a compaction} */
    public WatchStream watch(WatchRequest request, WatchListener listener) {
        long created = applier.revision();
        Watcher w = new Watcher(request, listener, created, request.startRevision() == 0 ? created + 1 : request.startRevision());
        if (request.startRevision() != 0 && request.startRevision() < applier.compacted()) {
            listener.onEnd(applier.compacted(), null);
            w.ended = true;
            return w;
        }
        watchers.add(w);
        w.catchUp();
        return w;
    }

    /** Sends each watch the changes committed since it was last served. */
    public void deliver() {
        for (Watcher w : List.copyOf(watchers)) {
            w.catchUp();
        }
    }

    /** Ends every watch stream as a lost connection would. */
    public void dropAll() {
        for (Watcher w : List.copyOf(watchers)) {
            w.end(new EtcdConnectionException("the fake dropped the watch stream (" + w.request + ")", null, false));
        }
    }

    /** Ends every watch stream with {@code why}. */
    public void closeAll(EtcdException why) {
        for (Watcher w : List.copyOf(watchers)) {
            w.end(why);
        }
    }

    /** {@return how many watch streams are open} */
    public int count() {
        return watchers.size();
    }

    private final class Watcher implements WatchStream {
        final WatchRequest request;
        final WatchListener listener;
        final long created;
        long next;
        boolean ended;

        Watcher(WatchRequest request, WatchListener listener, long created, long next) {
            this.request = request;
            this.listener = listener;
            this.created = created;
            this.next = next;
        }

        void catchUp() {
            long current = applier.revision();
            if (ended || next > current) {
                return;
            }
            List<WatchEvent> events = new ArrayList<>();
            for (MvccStore.Event e : applier.eventsFrom(next)) {
                if (!MvccStore.inRange(e.key(), request.key(), request.rangeEnd())) {
                    continue;
                }
                // etcd reads the previous value at the event's revision - 1: none once that is compacted away
                Optional<KeyValue> prev = request.prevKv() && e.revision() - 1 >= applier.compacted()
                        ? Optional.ofNullable(e.prev()) : Optional.empty();
                if (e.kv() != null && !request.noPut()) {
                    events.add(new WatchEvent.Put(e.kv(), prev));
                } else if (e.kv() == null && !request.noDelete()) {
                    events.add(new WatchEvent.Delete(e.key(), e.revision(), prev));
                }
            }
            next = current + 1;
            if (!events.isEmpty()) {
                listener.onEvents(applier.header(), events);
            }
        }

        void end(EtcdException failure) {
            if (!ended) {
                ended = true;
                watchers.remove(this);
                listener.onEnd(0, failure);
            }
        }

        @Override
        public long createdRevision() {
            return created;
        }

        @Override
        public void requestProgress() {
            synchronized (lock) {
                if (!ended) {
                    catchUp();
                    listener.onProgress(applier.header());
                }
            }
        }

        @Override
        public void close() {
            synchronized (lock) {
                ended = true;
                watchers.remove(this);
            }
        }
    }
}
