package dev.etcdj.v3;

import dev.etcdj.api.EtcdClosedException;
import dev.etcdj.api.EtcdException;
import dev.etcdj.v3.spi.V3Adapter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps a lease alive in the background until closed or lost, from {@link EtcdV3#keepAlive(long)}.
 *
 * <p>It renews the lease a third of its time to live after each renewal. A renewal that fails for a
 * reason that may pass (a connection lost, a deadline, no leader) is tried again at once on the client's
 * failover and then every 500 ms at most, until a renewal gets through or the time to live since the last
 * one that got through runs out. It never stops silently: {@link #ended()} completes exactly once, with
 * {@link LeaseEnd.Lost} when etcd no longer knows the lease or the time to live ran out without a renewal
 * (at most that time to live after the last successful renewal), and with {@link LeaseEnd.Closed} when
 * this keep-alive or its client is closed.
 *
 * <p>One daemon thread per keep-alive, named {@code etcdj-lease-<id in hex>}, which ends when it does.
 * Thread-safe.
 */
public final class LeaseKeepAlive implements AutoCloseable {
    private static final long MAX_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** The longest one renewal may take, so that closing never waits long for a call in flight. */
    private static final long MAX_CALL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final V3Adapter adapter;
    private final long id;
    private final Consumer<LeaseKeepAlive> onEnd;
    private final CompletableFuture<LeaseEnd> ended = new CompletableFuture<>();
    private final Thread thread;
    private volatile Lease last;
    private volatile boolean closed;

    LeaseKeepAlive(V3Adapter adapter, Lease first, long sentNanos, Consumer<LeaseKeepAlive> onEnd) {
        this.adapter = adapter;
        this.id = first.id();
        this.onEnd = onEnd;
        this.last = first;
        this.thread = new Thread(() -> run(first, sentNanos), "etcdj-lease-" + Long.toHexString(id));
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** {@return the id of the lease kept alive} */
    public long id() {
        return id;
    }

    /** {@return the last renewal that got through (the first is the one {@code keepAlive} made)} */
    public Lease lastRenewal() {
        return last;
    }

    /**
     * {@return a future that completes once, when the keep-alive ends: with {@link LeaseEnd.Lost} or
     * {@link LeaseEnd.Closed}, never exceptionally} Dependent actions run on the keep-alive's thread, or on
     * the thread that closes it.
     */
    public CompletableFuture<LeaseEnd> ended() {
        return ended.copy();
    }

    /** {@return whether it has ended} */
    public boolean isEnded() {
        return ended.isDone();
    }

    private void run(Lease first, long sentNanos) {
        long ttl = nanos(first.ttl());
        long expires = sentNanos + ttl;
        long next = sentNanos + ttl / 3;
        EtcdException failure = null;
        while (!closed) {
            long now = System.nanoTime();
            if (now < next) {
                if (!pause(next - now)) {
                    break;
                }
                continue;
            }
            long left = expires - now;
            if (left <= 0) {
                end(new LeaseEnd.Lost(id, failure != null ? failure : new EtcdException("no renewal of lease "
                        + Long.toHexString(id) + " got through within its time to live of " + ttl / 1_000_000_000L + " s")));
                return;
            }
            long sent = System.nanoTime();
            try {
                Lease renewed = adapter.keepAliveOnce(id, Duration.ofNanos(Math.min(left, MAX_CALL_NANOS)));
                last = renewed;
                ttl = nanos(renewed.ttl());
                expires = sent + ttl;
                next = sent + ttl / 3;
                failure = null;
            } catch (LeaseNotFoundException e) {
                end(new LeaseEnd.Lost(id, e));
                return;
            } catch (EtcdClosedException e) {
                break;
            } catch (EtcdException e) {
                failure = e;
                next = System.nanoTime() + Math.min(MAX_RETRY_NANOS, ttl / 10);
            } catch (RuntimeException e) {
                failure = new EtcdException("keeping lease " + Long.toHexString(id) + " alive failed: " + e, e);
                next = System.nanoTime() + Math.min(MAX_RETRY_NANOS, ttl / 10);
            }
        }
        end(new LeaseEnd.Closed(id));
    }

    private static long nanos(Duration ttl) {
        return Math.max(TimeUnit.SECONDS.toNanos(1), ttl.toNanos());
    }

    private boolean pause(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void end(LeaseEnd how) {
        if (ended.complete(how)) {
            onEnd.accept(this);
        }
    }

    /**
     * Stops renewing; {@link #ended()} completes with {@link LeaseEnd.Closed} unless it had ended already.
     * Does not revoke the lease: it lives on until its time to live runs out (revoke it with
     * {@link EtcdV3#revokeLease} to delete its keys at once). Returns once the thread has ended. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        if (Thread.currentThread() == thread) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        end(new LeaseEnd.Closed(id));
    }

    @Override
    public String toString() {
        return "LeaseKeepAlive[" + Long.toHexString(id) + (ended.isDone() ? ", " + ended.join() : "") + "]";
    }
}
