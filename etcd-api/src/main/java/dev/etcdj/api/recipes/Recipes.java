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

    /**
     * Returns the shared scheduler. Its tasks only trigger asynchronous etcd calls, so one thread serves
     * every recipe of the JVM.
     */
    static ScheduledExecutorService scheduler() {
        return Shared.SCHEDULER;
    }
}
