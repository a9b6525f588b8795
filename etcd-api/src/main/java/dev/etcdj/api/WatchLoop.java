package dev.etcdj.api;

import dev.etcdj.api.internal.Futures;
import dev.etcdj.api.spi.EtcdAdapter;
import dev.etcdj.api.spi.EtcdRequest;
import dev.etcdj.api.spi.WatchEndedException;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One subscription of a continuous watch: a chain of one-shot waits, each armed only while the subscriber
 * has demand. The next wait starts at the last event's {@code modifiedIndex + 1}; after error 401 the key
 * is read again, a {@link WatchEvent.Resync} delivered, and waiting resumes at the read's index + 1.
 * Transient failures (a timed-out or ended wait, a lost connection) re-arm from the same index after a
 * bounded back-off. Signals to the subscriber are serialised by a work-in-progress counter, so an adapter
 * that completes synchronously cannot recurse.
 */
final class WatchLoop implements Flow.Subscription {
    private static final System.Logger LOG = System.getLogger("dev.etcdj.api.Watch");
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final EtcdAdapter adapter;
    private final Key key;
    private final boolean recursive;
    private final Duration pollTimeout;
    private final Flow.Subscriber<? super WatchEvent> subscriber;
    private final Queue<Object> ready = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicLong demand = new AtomicLong();
    private volatile boolean cancelled;
    private volatile CompletableFuture<?> inFlight;
    private volatile long nextIndex;
    private boolean done;
    private int failures;

    private WatchLoop(EtcdAdapter adapter, Key key, boolean recursive, long startIndex, Duration pollTimeout,
                      Flow.Subscriber<? super WatchEvent> subscriber) {
        this.adapter = adapter;
        this.key = key;
        this.recursive = recursive;
        this.nextIndex = startIndex;
        this.pollTimeout = pollTimeout;
        this.subscriber = subscriber;
    }

    static Flow.Publisher<WatchEvent> publisher(EtcdAdapter adapter, Key key, boolean recursive, long startIndex,
                                                Duration pollTimeout) {
        return subscriber -> {
            WatchLoop loop = new WatchLoop(adapter, key, recursive, startIndex, pollTimeout, subscriber);
            subscriber.onSubscribe(loop);
        };
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            ready.add(new IllegalArgumentException("request(" + n + "): demand must be positive (Flow rule 3.9)"));
        } else {
            demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
        }
        drain();
    }

    @Override
    public void cancel() {
        cancelled = true;
        CompletableFuture<?> f = inFlight;
        if (f != null) {
            f.cancel(true);
        }
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            deliver();
            if (!done && !cancelled && ready.isEmpty() && demand.get() > 0 && inFlight == null) {
                arm();
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void deliver() {
        while (!done) {
            if (cancelled) {
                ready.clear();
                return;
            }
            Object head = ready.peek();
            if (head instanceof Throwable t) {
                ready.poll();
                done = true;
                cancel();
                subscriber.onError(t);
                return;
            }
            if (head == null || demand.get() == 0) {
                return;
            }
            ready.poll();
            demand.decrementAndGet();
            subscriber.onNext((WatchEvent) head);
        }
    }

    private void arm() {
        EtcdRequest wait = EtcdRequest.newBuilder(EtcdRequest.Operation.WAIT, key)
                .recursive(recursive).waitIndex(nextIndex).timeout(pollTimeout).build();
        CompletableFuture<EtcdResult> f;
        try {
            f = adapter.execute(wait);
        } catch (RuntimeException e) {
            ready.add(e);
            return;
        }
        inFlight = f;
        f.whenComplete(this::onWait);
    }

    private void onWait(EtcdResult result, Throwable error) {
        if (cancelled) {
            inFlight = null;
            return;
        }
        if (error == null) {
            failures = 0;
            nextIndex = result.node().modifiedIndex() + 1;
            ready.add(new WatchEvent.Change(result));
            settle();
            return;
        }
        Throwable cause = Futures.unwrap(error);
        if (cause instanceof EventIndexClearedException cleared) {
            LOG.log(System.Logger.Level.DEBUG, () -> "watch on " + key + " fell behind the event history ("
                    + cleared.errorCause() + "); reading it again");
            resync();
        } else if (isTransient(cause)) {
            retryLater(cause);
        } else {
            ready.add(cause);
            settle();
        }
    }

    private void resync() {
        EtcdRequest read = EtcdRequest.newBuilder(EtcdRequest.Operation.GET, key)
                .recursive(recursive).sorted(true).timeout(pollTimeout).build();
        CompletableFuture<EtcdResult> f = adapter.execute(read);
        inFlight = f;
        f.whenComplete((got, error) -> {
            if (cancelled) {
                inFlight = null;
                return;
            }
            Throwable cause = error == null ? null : Futures.unwrap(error);
            if (cause == null) {
                ready.add(new WatchEvent.Resync(Optional.of(got.node()), got.etcdIndex()));
                nextIndex = got.etcdIndex() + 1;
            } else if (cause instanceof KeyNotFoundException missing) {
                ready.add(new WatchEvent.Resync(Optional.empty(), missing.index()));
                nextIndex = missing.index() + 1;
            } else if (isTransient(cause)) {
                // Waiting again from the old index fails with 401 again and lands back here.
                retryLater(cause);
                return;
            } else {
                ready.add(cause);
            }
            failures = 0;
            settle();
        });
    }

    private void retryLater(Throwable cause) {
        long delay = Math.min(MAX_BACKOFF_MILLIS, 50L << Math.min(failures, 10));
        failures++;
        LOG.log(System.Logger.Level.DEBUG, () -> "watch on " + key + " re-arms in " + delay + " ms after: " + cause);
        CompletableFuture<Void> pause = CompletableFuture.runAsync(() -> { },
                CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
        inFlight = pause;
        pause.whenComplete((ignored, e) -> settle());
    }

    private void settle() {
        inFlight = null;
        drain();
    }

    private static boolean isTransient(Throwable t) {
        return t instanceof WatchEndedException || t instanceof EtcdTimeoutException
                || t instanceof EtcdConnectionException;
    }

}
