package dev.etcdj.http.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The deadlines of every call in flight in this JVM, enforced by one sweeper thread shared by all adapters.
 * The sweeper checks every {@value #SWEEP_MILLIS} ms while some call is pending and parks while none is, so
 * an idle adapter (or one never closed) costs no thread wake-ups and keeps nothing reachable.
 *
 * <p>The sweeper never runs user code: an expired call's {@link Deadline#expire()} must only claim the
 * call and abort its I/O, and hand the completion of user-visible futures to {@link #completions()}.
 */
public final class Deadlines {
    /** How often pending deadlines are checked. */
    public static final long SWEEP_MILLIS = 10;

    /** Something with a deadline. */
    public interface Deadline {
        /** Returns the {@link System#nanoTime()} at which the deadline passes. */
        long deadlineAt();

        /** Called once on the sweeper thread when the deadline passed; must not block or run user code. */
        void expire();
    }

    private static final Deadlines SHARED = new Deadlines();
    private static final Executor COMPLETIONS = completionPool();

    private final Set<Deadline> pending = ConcurrentHashMap.newKeySet();
    private volatile Thread sweeper;
    private volatile boolean parked;

    private Deadlines() {
    }

    /** Returns the JVM-wide instance. */
    public static Deadlines shared() {
        return SHARED;
    }

    /**
     * Returns the executor that completes futures failed by a deadline or by {@code close()}: daemon
     * threads made on demand and ended after 10 s idle, so that user continuations never run on the sweeper.
     */
    public static Executor completions() {
        return COMPLETIONS;
    }

    private static Executor completionPool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "etcdj-completions");
                    t.setDaemon(true);
                    return t;
                });
        return pool;
    }

    /** Starts enforcing {@code d}. */
    public void add(Deadline d) {
        pending.add(d);
        Thread t = sweeper;
        if (t == null) {
            t = start();
        }
        if (parked) {
            LockSupport.unpark(t);
        }
    }

    /** Stops enforcing {@code d} (it completed). */
    public void remove(Deadline d) {
        pending.remove(d);
    }

    /** Returns how many deadlines are pending (for tests). */
    public int pendingCount() {
        return pending.size();
    }

    private synchronized Thread start() {
        if (sweeper == null) {
            Thread t = new Thread(this::sweep, "etcdj-deadlines");
            t.setDaemon(true);
            sweeper = t;
            t.start();
        }
        return sweeper;
    }

    private void sweep() {
        while (true) {
            if (pending.isEmpty()) {
                parked = true;
                if (pending.isEmpty()) {
                    LockSupport.park(this);
                }
                parked = false;
                continue;
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS));
            long now = System.nanoTime();
            for (Deadline d : pending) {
                if (now - d.deadlineAt() >= 0 && pending.remove(d)) {
                    try {
                        d.expire();
                    } catch (RuntimeException | Error e) {
                        System.getLogger("dev.etcdj.http.HttpAdapter")
                                .log(System.Logger.Level.WARNING, "deadline expiry failed", e);
                    }
                }
            }
        }
    }
}
