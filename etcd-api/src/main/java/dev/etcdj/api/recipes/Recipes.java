package dev.etcdj.api.recipes;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdInterruptedException;
import dev.etcdj.api.EtcdTimeoutException;
import dev.etcdj.api.EventIndexClearedException;
import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.Option;
import dev.etcdj.api.Key;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;

/** What the recipes share: the scheduler their keep-alives run on when none is given, and their checks. */
final class Recipes {
    private Recipes() {
    }

    private static final class Shared {
        static final ScheduledThreadPoolExecutor SCHEDULER = dev.etcdj.api.internal.DaemonScheduler.named("etcdj-recipes");
    }

    /** Checks a recipe's TTL: whole seconds (etcd's resolution), at least 2 (so a third of it is a second or more). */
    static Duration checkTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl == null");
        if (ttl.getNano() != 0 || ttl.getSeconds() < 2) {
            throw new IllegalArgumentException("ttl must be whole seconds, at least 2: " + ttl);
        }
        return ttl;
    }

    /** Checks a recipe's name: one key segment. */
    static String checkName(String what, String name) {
        Objects.requireNonNull(name, "name == null");
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("a " + what + " name is one key segment: \"" + name + "\"");
        }
        Key.of("/" + name);   // checks the name as a key
        return name;
    }

    /** Returns a directory as a path prefix: {@code ""} for the root, else {@code /a/b}. */
    static String directory(String directory) {
        Key k = Key.of(Objects.requireNonNull(directory, "directory == null"));
        return k.isRoot() ? "" : k.path();
    }

    /** Returns the deadline, in {@link System#nanoTime()}, {@code timeout} from now. */
    static long deadline(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout == null");
        long now = System.nanoTime();
        long nanos = Math.max(0, timeout.toNanos());
        return nanos > Long.MAX_VALUE - now - 1 ? Long.MAX_VALUE : now + nanos;
    }

    /** Returns the time left before {@code deadline}, {@link Long#MAX_VALUE} for none. */
    static long left(long deadline) {
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
    }

    /** Throws {@link EtcdInterruptedException} if the thread was interrupted (before a wait that does not check). */
    static void checkInterrupt(String what) {
        if (Thread.currentThread().isInterrupted()) {
            throw new EtcdInterruptedException(what + ": interrupted", new InterruptedException());
        }
    }

    /** How long one wait lasts at most before a recipe looks again (etcd's watches are cut by proxies). */
    static final Duration POLL = Duration.ofSeconds(30);

    /**
     * Waits at most {@code nanos} (and at most {@link #POLL}) for an event on {@code key} (or, if
     * {@code below}, below it) after {@code index}. A timeout, etcd's event-history gap (401) or a missing key
     * just returns: the caller reads again. Interruptible.
     */
    static void waitForChange(Etcd etcd, String what, String key, boolean below, long index, long nanos) {
        checkInterrupt(what);
        Option.Timeout wait = Option.timeout(Duration.ofNanos(Math.max(1, Math.min(nanos, POLL.toNanos()))));
        try {
            if (below) {
                etcd.waitFor(key, Option.recursive(), Option.afterIndex(index), wait);
            } else {
                etcd.waitFor(key, Option.afterIndex(index), wait);
            }
        } catch (EtcdTimeoutException | EventIndexClearedException | KeyNotFoundException e) {
            // read again: what we waited for may be gone
        }
    }

    /**
     * Runs a clean-up call even when the thread's interrupt status is set (a blocking call would fail at once
     * and leave a key behind), and sets the status again afterwards.
     */
    static <T> T cleanUp(Supplier<T> call) {
        boolean interrupted = Thread.interrupted();
        try {
            return call.get();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Returns the shared scheduler. Its tasks only trigger asynchronous etcd calls, so one thread serves
     * every recipe of the JVM.
     */
    static ScheduledExecutorService scheduler() {
        return Shared.SCHEDULER;
    }
}
