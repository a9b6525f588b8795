package dev.etcdj.api.internal;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/** The one-thread schedulers etcdj keeps for the JVM: daemon threads, cancelled tasks removed at once. */
public final class DaemonScheduler {
    private DaemonScheduler() {
    }

    /**
     * {@return a scheduler with one daemon thread named {@code name}} Its tasks must only start asynchronous
     * work, so that one thread serves every client of the JVM.
     *
     * @param name the thread's name
     */
    public static ScheduledThreadPoolExecutor named(String name) {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }
}
