package dev.etcdj.api.recipes;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** The scheduler the recipes' keep-alives run on when none is given: one daemon thread for the JVM. */
final class Recipes {
    private Recipes() {
    }

    private static final class Shared {
        static final ScheduledThreadPoolExecutor SCHEDULER = scheduler();

        private static ScheduledThreadPoolExecutor scheduler() {
            ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "etcdj-recipes");
                t.setDaemon(true);
                return t;
            });
            s.setRemoveOnCancelPolicy(true);
            return s;
        }
    }

    /** Checks a recipe's TTL: whole seconds (etcd's resolution), at least 2 (so a third of it is a second or more). */
    static java.time.Duration checkTtl(java.time.Duration ttl) {
        java.util.Objects.requireNonNull(ttl, "ttl == null");
        if (ttl.getNano() != 0 || ttl.getSeconds() < 2) {
            throw new IllegalArgumentException("ttl must be whole seconds, at least 2: " + ttl);
        }
        return ttl;
    }

    /**
     * Returns the shared scheduler. Its tasks only trigger asynchronous etcd calls, so one thread serves
     * every recipe of the JVM.
     */
    static ScheduledExecutorService scheduler() {
        return Shared.SCHEDULER;
    }
}
