package dev.etcdj.api;

import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingDeque;
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
 * Without a start index it first reads the store's index, so no event after the call is missed, even
 * across re-arms. Events etcd's history scan returns for other keys (its raw-prefix match, hidden
 * descendants) are left out, as a live watch leaves them out.
 *
 * <p>Thread-safe, and no method holds a lock while it blocks; {@link #close()} may be called from any
 * thread and wakes a blocked consumer, which then throws {@link IllegalStateException}.
 */
public final class Watch implements AutoCloseable, Iterable<WatchEvent> {
    private static final Object CLOSED = new Object();

    /** Events, failures and {@link #CLOSED}; a peek puts its item back at the head. No lock is held while blocking. */
    private final BlockingDeque<Object> queue = new LinkedBlockingDeque<>();
    private final Key key;
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;

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
                if (!watch.closed) {
                    watch.queue.add(item);
                }
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

    /** {@return the watched key} */
    public Key key() {
        return key;
    }

    /**
     * {@return the next event, blocking until there is one}
     *
     * @throws IllegalStateException if the watch is closed (events still buffered are dropped)
     * @throws EtcdInterruptedException if the thread is interrupted while waiting
     * @throws EtcdException the failure that ended the watch
     */
    public WatchEvent next() {
        return consume(take());
    }

    /**
     * {@return the next event, waiting at most {@code timeout}; empty if none arrived in time} Returns
     * within its timeout even while another thread is blocked in {@link #next()}.
     *
     * @param timeout how long to wait at most
     * @throws IllegalStateException if the watch is closed
     * @throws EtcdException the failure that ended the watch
     */
    public Optional<WatchEvent> poll(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout == null");
        checkOpen();
        Object item;
        try {
            item = queue.pollFirst(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EtcdInterruptedException("interrupted while watching " + key, e);
        }
        return item == null ? Optional.empty() : Optional.of(consume(item));
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("watch on " + key + " is closed");
        }
    }

    private Object take() {
        checkOpen();
        try {
            return queue.takeFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EtcdInterruptedException("interrupted while watching " + key, e);
        }
    }

    private WatchEvent consume(Object item) {
        if (item == CLOSED || closed) {
            queue.addFirst(CLOSED);
            throw new IllegalStateException("watch on " + key + " is closed");
        }
        if (item instanceof Failure f) {
            queue.addFirst(f);
            Throwable t = f.error();
            if (t instanceof EtcdException e) {
                throw e;
            }
            throw new EtcdException("watch on " + key + " failed: " + t, t);
        }
        Flow.Subscription s = subscription;
        if (s != null) {
            s.request(1);
        }
        return (WatchEvent) item;
    }

    /**
     * Returns an iterator over the events: {@code hasNext()} blocks until an event or a failure arrives,
     * and returns {@code false} once the watch is closed. Use one iterator from one thread.
     */
    @Override
    public Iterator<WatchEvent> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (closed) {
                    return false;
                }
                Object item = take();
                queue.addFirst(item);
                return item != CLOSED && !closed;
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

    /** Stops watching and wakes any blocked consumer; events not yet taken are dropped. Idempotent. */
    @Override
    public void close() {
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        queue.clear();
        queue.add(CLOSED);
    }

    @Override
    public String toString() {
        return "Watch[" + key + (closed ? ", closed]" : "]");
    }
}
