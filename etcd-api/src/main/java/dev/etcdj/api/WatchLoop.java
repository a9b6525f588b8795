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
import java.util.function.BiConsumer;

/**
 * One subscription of a continuous watch: a chain of one-shot waits, each armed only while the subscriber
 * has demand.
 *
 * <ul>
 *   <li><b>Start.</b> Without a start index the loop first learns the store's index (one read of a hidden
 *       child of the key, whose answer, found or not, carries {@code X-Etcd-Index}), so every later wait,
 *       re-arms included, starts from a known index and never from "now".</li>
 *   <li><b>Progress.</b> The next wait starts at the last event's {@code modifiedIndex + 1}. Events for keys
 *       the watch does not cover (etcd's raw-prefix match in history scans, hidden descendants) advance
 *       the index but are not delivered.</li>
 *   <li><b>Liveness.</b> Each poll has a timeout (60 s by default); after it the loop reads the index again
 *       to check that the server answers, then polls on from the same index. Lost connections re-arm
 *       after a bounded back-off; no answer at all for longer than the outage limit ends the watch with
 *       {@link EtcdConnectionException}.</li>
 *   <li><b>History outrun.</b> After error 401 the key is read again, a {@link WatchEvent.Resync}
 *       delivered, and waiting resumes at the read's index + 1.</li>
 * </ul>
 *
 * <p>Signals to the subscriber are serialised by a work-in-progress counter, so an adapter that completes
 * synchronously cannot recurse. Any exception in a callback, or thrown by the subscriber, ends the watch
 * with {@code onError}; nothing is signalled after {@code cancel()}.
 */
final class WatchLoop implements Flow.Subscription {
    private static final System.Logger LOG = System.getLogger("dev.etcdj.api.Watch");
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DEFAULT_MAX_OUTAGE = Duration.ofMinutes(5);
    /** The hidden child read to learn the index: hidden, so no listing shows it even if someone wrote it. */
    static final String INDEX_PROBE = "_etcdj-index";

    private final EtcdAdapter adapter;
    private final Key key;
    private final String descendantPrefix;
    private final boolean recursive;
    private final Duration pollTimeout;
    private final long maxOutageNanos;
    private final Flow.Subscriber<? super WatchEvent> subscriber;
    private final Queue<Object> ready = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicLong demand = new AtomicLong();
    private volatile boolean cancelled;
    private volatile CompletableFuture<?> inFlight;
    /** The index of the next wait; 0 until the start index is known. */
    private volatile long nextIndex;
    /** Set after a poll timeout: read the index to check the server before polling again. */
    private volatile boolean checkAlive;
    private volatile long lastAnswer = System.nanoTime();
    private boolean done;
    private int failures;

    private WatchLoop(EtcdAdapter adapter, Key key, boolean recursive, long startIndex, Duration pollTimeout,
                      Duration maxOutage, Flow.Subscriber<? super WatchEvent> subscriber) {
        this.adapter = adapter;
        this.key = key;
        this.descendantPrefix = key.isRoot() ? "/" : key.path() + "/";
        this.recursive = recursive;
        this.nextIndex = startIndex;
        this.pollTimeout = pollTimeout == null ? DEFAULT_POLL_TIMEOUT : pollTimeout;
        this.maxOutageNanos = (maxOutage == null ? DEFAULT_MAX_OUTAGE : maxOutage).toNanos();
        this.subscriber = subscriber;
    }

    static Flow.Publisher<WatchEvent> publisher(EtcdAdapter adapter, Key key, boolean recursive, long startIndex,
                                                Duration pollTimeout, Duration maxOutage) {
        return subscriber -> {
            WatchLoop loop = new WatchLoop(adapter, key, recursive, startIndex, pollTimeout, maxOutage, subscriber);
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
            try {
                deliver();
                if (!done && !cancelled && ready.isEmpty() && demand.get() > 0 && inFlight == null) {
                    step();
                }
            } catch (RuntimeException | Error e) {
                fail(e);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /** Ends the watch after an exception thrown by the subscriber or by the loop itself. */
    private void fail(Throwable e) {
        if (done) {
            return;
        }
        done = true;
        cancel();
        ready.clear();
        try {
            subscriber.onError(e);
        } catch (RuntimeException | Error ignored) {
            LOG.log(System.Logger.Level.WARNING, "watch subscriber of " + key + " threw from onError", ignored);
        }
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

    private void step() {
        if (nextIndex == 0 || checkAlive) {
            probe();
        } else {
            arm();
        }
    }

    /**
     * Reads the store's index on the calling thread, the way {@link #probe()} does (a hidden child of the
     * key: any answer, found or not, carries it).
     */
    static long currentIndex(EtcdAdapter adapter, Key key, Duration timeout) {
        try {
            return adapter.executeBlocking(indexProbe(key, timeout == null ? DEFAULT_POLL_TIMEOUT : timeout)).etcdIndex();
        } catch (EtcdServerException e) {
            if (!carriesIndex(e)) {
                throw e;
            }
            return e.index();
        }
    }

    private static EtcdRequest indexProbe(Key key, Duration timeout) {
        return EtcdRequest.newBuilder(EtcdRequest.Operation.GET, key.resolve(INDEX_PROBE)).timeout(timeout).build();
    }

    /** Whether a failed probe still tells the index: a store error (key not found, not a directory) does. */
    private static boolean carriesIndex(Throwable t) {
        return t instanceof EtcdServerException e && !(e instanceof UnauthorizedException) && e.index() > 0;
    }

    /** Reads a hidden child of the key: any answer, found or not, carries the store's index. */
    private void probe() {
        start(adapter.execute(indexProbe(key, pollTimeout)), (got, error) -> {
            Throwable cause = error == null ? null : Futures.unwrap(error);
            long index;
            if (cause == null) {
                index = got.etcdIndex();
            } else if (carriesIndex(cause)) {
                index = ((EtcdServerException) cause).index();
            } else if (isTransient(cause)) {
                retryLater(cause);
                return;
            } else {
                ready.add(cause);
                settle();
                return;
            }
            answered();
            failures = 0;
            checkAlive = false;
            if (nextIndex == 0) {
                nextIndex = index + 1;
            }
            settle();
        });
    }

    private void arm() {
        EtcdRequest wait = EtcdRequest.newBuilder(EtcdRequest.Operation.WAIT, key)
                .recursive(recursive).waitIndex(nextIndex).timeout(pollTimeout).build();
        start(adapter.execute(wait), this::onWait);
    }

    /**
     * Tracks {@code f} as the call in flight, then handles its outcome unless cancelled meanwhile. The
     * future is recorded before anything can complete it, and cancelled if {@link #cancel()} ran in between.
     */
    private <T> void start(CompletableFuture<T> f, BiConsumer<T, Throwable> then) {
        inFlight = f;
        if (cancelled) {
            f.cancel(true);
        }
        f.whenComplete((value, error) -> {
            if (cancelled) {
                inFlight = null;
                return;
            }
            try {
                then.accept(value, error);
            } catch (RuntimeException | Error e) {
                ready.add(e);
                settle();
            }
        });
    }

    private void onWait(EtcdResult result, Throwable error) {
        if (error == null) {
            if (result.node() == null) {
                throw new EtcdProtocolException("the answer to the watch on " + key + " has no node: "
                        + result.action().wireName(), 0, null);
            }
            answered();
            failures = 0;
            nextIndex = result.node().modifiedIndex() + 1;
            if (covers(result.node().key())) {
                ready.add(new WatchEvent.Change(result));
            }
            settle();
            return;
        }
        Throwable cause = Futures.unwrap(error);
        if (cause instanceof EventIndexClearedException cleared) {
            answered();
            LOG.log(System.Logger.Level.DEBUG, () -> "watch on " + key + " fell behind the event history ("
                    + cleared.errorCause() + "); reading it again");
            resync();
        } else if (cause instanceof EtcdTimeoutException) {
            checkAlive = true;
            settle();
        } else if (cause instanceof WatchEndedException) {
            answered();
            retryLater(cause);
        } else if (isTransient(cause)) {
            retryLater(cause);
        } else {
            ready.add(cause);
            settle();
        }
    }

    /**
     * Whether an event on {@code eventKey} belongs to this watch, as a live etcd watcher would see it: the
     * key itself, a proper ancestor (a directory deleted or expired above it), or with {@code recursive} a
     * descendant that is not hidden below the key.
     */
    private boolean covers(String eventKey) {
        String path = key.path();
        if (eventKey.equals(path) || path.startsWith(eventKey.endsWith("/") ? eventKey : eventKey + "/")) {
            return true;
        }
        if (!recursive || !eventKey.startsWith(descendantPrefix)) {
            return false;
        }
        String rest = eventKey.substring(descendantPrefix.length());
        return !rest.startsWith("_") && !rest.contains("/_");
    }

    private void resync() {
        EtcdRequest read = EtcdRequest.newBuilder(EtcdRequest.Operation.GET, key)
                .recursive(recursive).sorted(true).timeout(pollTimeout).build();
        start(adapter.execute(read), (got, error) -> {
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
            answered();
            failures = 0;
            settle();
        });
    }

    private void answered() {
        lastAnswer = System.nanoTime();
    }

    private void retryLater(Throwable cause) {
        if (System.nanoTime() - lastAnswer > maxOutageNanos) {
            ready.add(new EtcdConnectionException("watch on " + key + " got no answer from etcd for more than "
                    + Duration.ofNanos(maxOutageNanos) + " (maxOutage); last failure: " + cause.getMessage(), cause, false));
            settle();
            return;
        }
        long delay = Math.min(MAX_BACKOFF_MILLIS, 50L << Math.min(failures, 10));
        failures++;
        LOG.log(System.Logger.Level.DEBUG, () -> "watch on " + key + " re-arms in " + delay + " ms after: " + cause);
        CompletableFuture<Void> pause = CompletableFuture.runAsync(() -> { },
                CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
        start(pause, (ignored, e) -> settle());
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
