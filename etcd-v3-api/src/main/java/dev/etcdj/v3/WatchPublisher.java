package dev.etcdj.v3;

import dev.etcdj.api.EtcdException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A watch as a {@link Flow.Publisher}: each subscriber gets a watch of its own, opened at its first
 * request, and events as it asks for them (the rest wait in the watch). {@code onComplete} follows the
 * last event when the watch ends ({@link WatchEvent.Compacted}, or its client closed); {@code onError}
 * carries a failure that ended it. Cancelling closes the watch. One daemon thread per subscription
 * delivers, named {@code etcdj-watch-publisher}.
 */
final class WatchPublisher implements Flow.Publisher<WatchEvent> {
    private final Supplier<Watch> open;

    WatchPublisher(Supplier<Watch> open) {
        this.open = open;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super WatchEvent> subscriber) {
        java.util.Objects.requireNonNull(subscriber, "subscriber == null");
        Subscription s = new Subscription(subscriber);
        subscriber.onSubscribe(s);
    }

    private final class Subscription implements Flow.Subscription {
        private final Flow.Subscriber<? super WatchEvent> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private volatile boolean cancelled;
        private volatile Watch watch;
        private Thread thread;   // guarded by this
        private Throwable refused;   // guarded by this; a request(n <= 0)

        Subscription(Flow.Subscriber<? super WatchEvent> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                if (n <= 0) {
                    refused = new IllegalArgumentException("request(" + n + "): demand must be positive (rule 3.9)");
                } else {
                    demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
                }
                if (thread == null) {
                    thread = new Thread(this::run, "etcdj-watch-publisher");
                    thread.setDaemon(true);
                    thread.start();
                }
                notifyAll();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            Watch w = watch;
            if (w != null) {
                w.close();
            }
            synchronized (this) {
                notifyAll();
            }
        }

        private void run() {
            try {
                watch = open.get();
                if (cancelled) {
                    watch.close();
                    return;
                }
                while (!cancelled) {
                    synchronized (this) {
                        if (refused != null) {
                            cancelled = true;
                            watch.close();
                            subscriber.onError(refused);
                            return;
                        }
                        if (demand.get() == 0) {
                            wait();
                            continue;
                        }
                    }
                    Optional<WatchEvent> e = watch.poll(Duration.ofMillis(200));
                    if (e.isPresent()) {
                        demand.decrementAndGet();
                        subscriber.onNext(e.get());
                    } else if (watch.drained() && !cancelled) {
                        subscriber.onComplete();
                        return;
                    }
                }
            } catch (EtcdException e) {
                if (!cancelled) {
                    subscriber.onError(e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                Watch w = watch;
                if (w != null) {
                    w.close();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "WatchPublisher";
    }
}
