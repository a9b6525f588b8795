package dev.etcdj.api;

import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A continuous watch consumed by blocking calls: {@link #next()}, {@link #poll(Duration)} or a for-each
 * loop. It never loses an event and never delivers one twice: each wait starts at the previous event's
 * {@code modifiedIndex + 1}; when etcd's 1,000-event history has moved past that index, it reads the key
 * again and delivers a {@link WatchEvent.Resync} with the snapshot before going on.
 *
 * <pre>{@code
 * try (Watch watch = etcd.watch("/config", recursive())) {
 *     for (WatchEvent event : watch) {
 *         if (event instanceof WatchEvent.Change change) apply(change.result());
 *         else reload(((WatchEvent.Resync) event).snapshot());
 *     }
 * }
 * }</pre>
 *
 * <p>Up to {@code buffer} events are fetched ahead of the consumer; past that, the watch stops asking the
 * server until the consumer catches up. Timeouts and lost connections re-arm it from the same index. Any
 * other failure (for example {@link UnauthorizedException}) ends it: the next call throws that exception.
 * Thread-safe; {@link #close()} may be called from any thread and wakes a blocked consumer.
 */
public final class Watch implements AutoCloseable, Iterable<WatchEvent> {
    private static final Object CLOSED = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Key key;
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private Object peeked;

    private Watch(Key key) {
        this.key = key;
    }

    static Watch start(Key key, Flow.Publisher<WatchEvent> publisher, int buffer) {
        Watch watch = new Watch(key);
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                watch.subscription = s;
                s.request(buffer);
            }

            @Override
            public void onNext(WatchEvent item) {
                watch.queue.add(item);
            }

            @Override
            public void onError(Throwable throwable) {
                watch.queue.add(new Failure(throwable));
            }

            @Override
            public void onComplete() {
                watch.queue.add(CLOSED);
            }
        });
        return watch;
    }

    private record Failure(Throwable error) {
    }

    /** Returns the watched key. */
    public Key key() {
        return key;
    }

    /**
     * Returns the next event, blocking until there is one.
     *
     * @throws IllegalStateException if the watch is closed
     * @throws EtcdInterruptedException if the thread is interrupted while waiting
     * @throws EtcdException the failure that ended the watch
     */
    public synchronized WatchEvent next() {
        Object item = peeked != null ? peeked : take();
        peeked = null;
        return consume(item);
    }

    /**
     * Returns the next event, waiting at most {@code timeout}; empty if none arrived in time.
     *
     * @throws IllegalStateException if the watch is closed
     * @throws EtcdException the failure that ended the watch
     */
    public synchronized Optional<WatchEvent> poll(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout == null");
        Object item = peeked;
        peeked = null;
        if (item == null) {
            try {
                item = queue.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EtcdInterruptedException("interrupted while watching " + key, e);
            }
        }
        return item == null ? Optional.empty() : Optional.of(consume(item));
    }

    private Object take() {
        if (closed && queue.isEmpty()) {
            throw new IllegalStateException("watch on " + key + " is closed");
        }
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EtcdInterruptedException("interrupted while watching " + key, e);
        }
    }

    private WatchEvent consume(Object item) {
        if (item == CLOSED) {
            queue.add(CLOSED);
            throw new IllegalStateException("watch on " + key + " is closed");
        }
        if (item instanceof Failure f) {
            queue.add(f);
            Throwable t = f.error();
            if (t instanceof EtcdException e) {
                throw e;
            }
            throw new EtcdException("watch on " + key + " failed: " + t, t);
        }
        Flow.Subscription s = subscription;
        if (s != null && !closed) {
            s.request(1);
        }
        return (WatchEvent) item;
    }

    /**
     * Returns an iterator over the events: {@code hasNext()} blocks until an event or a failure arrives,
     * and returns {@code false} once the watch is closed.
     */
    @Override
    public Iterator<WatchEvent> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                synchronized (Watch.this) {
                    if (peeked == null) {
                        if (closed && queue.isEmpty()) {
                            return false;
                        }
                        peeked = take();
                    }
                    return peeked != CLOSED;
                }
            }

            @Override
            public WatchEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("watch on " + key + " is closed");
                }
                return Watch.this.next();
            }
        };
    }

    /** Stops watching and wakes any blocked consumer. Idempotent. */
    @Override
    public void close() {
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        queue.add(CLOSED);
    }

    @Override
    public String toString() {
        return "Watch[" + key + (closed ? ", closed]" : "]");
    }
}
