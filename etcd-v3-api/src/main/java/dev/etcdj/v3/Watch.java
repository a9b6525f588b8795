package dev.etcdj.v3;

import dev.etcdj.api.EtcdClosedException;
import dev.etcdj.api.EtcdConnectionException;
import dev.etcdj.api.EtcdException;
import dev.etcdj.api.EtcdInterruptedException;
import dev.etcdj.api.EtcdTimeoutException;
import dev.etcdj.v3.spi.V3Adapter;
import dev.etcdj.v3.spi.WatchListener;
import dev.etcdj.v3.spi.WatchRequest;
import dev.etcdj.v3.spi.WatchStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A running watch, from {@link EtcdV3#watch}: the changes to a key or a range, in revision order, each
 * exactly once, until it is closed.
 *
 * <pre>{@code
 * try (Watch watch = etcd.watch("/config/", prefix())) {
 *     for (WatchEvent event : watch) {          // blocks; ends when the watch does
 *         if (event instanceof WatchEvent.Put put) {
 *             apply(put.kv());
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p><b>It resumes by itself.</b> When its stream breaks (a connection cut, a member gone, a deadline),
 * the watch opens a new one through the client's failover, from the revision after the last change it
 * delivered, so that nothing is lost or repeated; it tries again at once, then with a pause growing to
 * 2 s, for as long as it is open. It ends only when it is closed (or its client is), when the history it
 * needs was compacted away ({@link WatchEvent.Compacted} is then its last event), or when etcd refuses it
 * for good (permission denied, say): {@link #poll} and the iterator then throw that failure.
 *
 * <p>Changes wait in memory until taken: take them from one thread, promptly. A watch that starts from
 * now and sees no change for longer than etcd keeps history may, after a cut, find its resume point
 * compacted away: it then ends with {@link WatchEvent.Compacted} rather than risk missing a change.
 *
 * <p>Thread-safe; its streams' threads end on {@link #close()}.
 */
public final class Watch implements AutoCloseable, Iterable<WatchEvent> {
    private static final long MAX_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final Object CLOSED = new Object();
    /** The last item of the queue, put back by whoever takes it. */
    private static final Object END = new Object();

    private final V3Adapter adapter;
    private final WatchRequest request;
    private final Duration timeout;
    private final Consumer<Watch> onEnd;
    /** Events, then {@link #END}. */
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    /** How the watch ended: {@link #CLOSED} or the failure; null while it runs. Guarded by this. */
    private Object end;
    private Stream current;   // guarded by this
    private long nextRevision;   // guarded by this
    private int resumes;   // guarded by this
    private Thread resumer;   // guarded by this

    Watch(V3Adapter adapter, WatchRequest request, Duration timeout, Consumer<Watch> onEnd) {
        this.adapter = adapter;
        this.request = request;
        this.timeout = timeout;
        this.onEnd = onEnd;
        this.nextRevision = request.startRevision();
    }

    /** Opens the first stream in the caller's thread, so that a watch etcd refuses fails here. */
    void start() {
        Stream s = new Stream();
        synchronized (this) {
            current = s;
        }
        s.open(adapter.watch(request, s, timeout));
    }

    /** {@return what is watched} */
    public WatchRequest request() {
        return request;
    }

    /** {@return the revision a new stream would start from: the one after the last change delivered} */
    public synchronized long nextRevision() {
        return nextRevision;
    }

    /** {@return how many times the watch opened a new stream after one broke} */
    public synchronized int resumes() {
        return resumes;
    }

    /** {@return whether the watch has ended: closed, compacted or refused (events may still wait to be taken)} */
    public synchronized boolean isEnded() {
        return end != null;
    }

    /** {@return whether the watch ended and every event was taken; throws the failure that ended it} */
    boolean drained() {
        if (queue.peek() == END) {
            ended();
            return true;
        }
        return false;
    }

    /**
     * {@return the next event, waiting up to {@code timeout}; empty if none came in time, or once the
     * watch has ended and every event was taken}
     *
     * @param timeout how long to wait, not negative
     * @throws EtcdException the failure that ended the watch, once the events before it were taken
     * @throws EtcdInterruptedException if the thread was interrupted while waiting (its flag is kept)
     */
    public Optional<WatchEvent> poll(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout == null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout < 0: " + timeout);
        }
        Object item;
        try {
            item = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EtcdInterruptedException("interrupted while waiting for a change (" + request + ")", e);
        }
        if (item == null) {
            return Optional.empty();
        }
        if (item instanceof WatchEvent e) {
            return Optional.of(e);
        }
        queue.offer(item);   // the end stays for the next taker
        return ended();
    }

    /** {@return empty} or throws the failure that ended the watch. */
    private synchronized Optional<WatchEvent> ended() {
        if (end instanceof EtcdException failure) {
            throw failure;
        }
        return Optional.empty();
    }

    /**
     * {@return a blocking iterator over the events: {@code hasNext()} waits for the next one, and answers
     * false once the watch has ended and every event was taken (or throws the failure that ended it)}
     */
    @Override
    public Iterator<WatchEvent> iterator() {
        return new Iterator<>() {
            private WatchEvent next;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    if (drained()) {
                        return false;
                    }
                    next = poll(Duration.ofMillis(200)).orElse(null);
                }
                return true;
            }

            @Override
            public WatchEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the watch has ended (" + request + ")");
                }
                WatchEvent e = next;
                next = null;
                return e;
            }
        };
    }

    /** Asks etcd for a {@link WatchEvent.Progress} on the current stream; nothing happens once the watch ended. */
    public void requestProgress() {
        Stream s;
        synchronized (this) {
            s = end == null ? current : null;
        }
        if (s != null && s.handle != null) {
            s.handle.requestProgress();
        }
    }

    /** Ends the watch: stops its stream and its threads, then returns. Events not yet taken can still be. Idempotent. */
    @Override
    public void close() {
        finish(CLOSED);
    }

    private void finish(Object how) {
        Stream s;
        Thread r;
        synchronized (this) {
            if (end != null) {
                return;
            }
            end = how;
            s = current;
            current = null;
            r = resumer;
            resumer = null;
        }
        queue.offer(END);
        if (s != null) {
            s.close();
        }
        if (r != null && r != Thread.currentThread()) {
            r.interrupt();
            try {
                r.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        onEnd.accept(this);
    }

    private static boolean mayPass(EtcdException e) {
        return e instanceof EtcdConnectionException || e instanceof EtcdTimeoutException
                || e instanceof EtcdV3ServerException s && s.code() == GrpcCode.UNAVAILABLE;
    }

    /** Opens streams until one is created, the watch ends, or etcd refuses it for good. On its own thread. */
    private void resume() {
        long pause = 0;
        while (true) {
            Stream s = new Stream();
            WatchRequest from;
            synchronized (this) {
                if (end != null) {
                    return;
                }
                current = s;
                resumes++;
                from = request.from(nextRevision);
            }
            try {
                s.open(adapter.watch(from, s, timeout));
                synchronized (this) {
                    if (resumer == Thread.currentThread()) {
                        resumer = null;
                    }
                }
                return;
            } catch (EtcdClosedException e) {
                finish(CLOSED);
                return;
            } catch (EtcdException e) {
                if (!mayPass(e)) {
                    finish(e);
                    return;
                }
            } catch (RuntimeException e) {
                finish(new EtcdException("resuming " + from + " failed: " + e, e));
                return;
            }
            pause = Math.min(MAX_PAUSE_NANOS, pause == 0 ? TimeUnit.MILLISECONDS.toNanos(50) : pause * 2);
            try {
                TimeUnit.NANOSECONDS.sleep(pause);
            } catch (InterruptedException e) {
                return;   // closed
            }
        }
    }

    @Override
    public synchronized String toString() {
        return "Watch[" + request + ", next revision " + nextRevision + (end != null ? ", ended" : "") + "]";
    }

    /** One stream's listener: what it brings counts only while it is the watch's current stream. */
    private final class Stream implements WatchListener {
        private volatile WatchStream handle;
        private boolean closed;   // guarded by Watch.this

        void open(WatchStream h) {
            synchronized (Watch.this) {
                handle = h;
                if (current == this) {
                    if (nextRevision == 0) {   // from now, and nothing delivered yet: every change after the creation
                        nextRevision = h.createdRevision() + 1;
                    }
                    return;
                }
            }
            h.close();   // the watch ended while the stream was opened
        }

        void close() {
            synchronized (Watch.this) {
                closed = true;
            }
            WatchStream h = handle;
            if (h != null) {
                h.close();
            }
        }

        @Override
        public void onEvents(Header header, List<WatchEvent> events) {
            synchronized (Watch.this) {
                if (current != this || closed) {
                    return;
                }
                for (WatchEvent e : events) {
                    if (e.revision() >= nextRevision) {   // a stream never repeats one; this is the guarantee
                        queue.offer(e);
                    }
                }
                nextRevision = Math.max(nextRevision, events.get(events.size() - 1).revision() + 1);
            }
        }

        @Override
        public void onProgress(Header header) {
            synchronized (Watch.this) {
                if (current == this && !closed) {
                    queue.offer(new WatchEvent.Progress(header.revision()));
                }
            }
        }

        @Override
        public void onEnd(long compactRevision, EtcdException failure) {
            synchronized (Watch.this) {
                if (current != this || closed) {
                    return;
                }
                if (compactRevision > 0) {
                    queue.offer(new WatchEvent.Compacted(compactRevision));
                } else if (failure != null && mayPass(failure)) {
                    current = null;
                    Thread t = new Thread(Watch.this::resume, "etcdj-watch-resume");
                    t.setDaemon(true);
                    resumer = t;
                    t.start();
                    return;
                }
            }
            finish(compactRevision > 0 || failure == null ? CLOSED
                    : failure instanceof EtcdClosedException ? CLOSED : failure);
        }
    }
}
