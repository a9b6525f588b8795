package dev.etcdj.http;

import dev.etcdj.api.admin.Member;
import dev.etcdj.api.spi.AdminCall;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps an adapter's endpoints on the members' client URLs (python-etcd's {@code allow_reconnect}): asks
 * {@code /v2/members} when the adapter is built, every {@code interval}, and soon after an endpoint fails
 * (at most once a second). An answer without any client URL, or a failed ask, keeps the endpoints as they
 * are. The periodic task only starts an asynchronous call, so one daemon thread serves every adapter of
 * the JVM; it is cancelled when the adapter closes.
 */
final class MemberDiscovery {
    private static final System.Logger LOG = System.getLogger("dev.etcdj.http.HttpAdapter");
    private static final long AT_MOST_EVERY = TimeUnit.SECONDS.toNanos(1);

    private static final class Shared {
        static final ScheduledThreadPoolExecutor SCHEDULER = dev.etcdj.api.internal.DaemonScheduler.named("etcdj-members");
    }

    private final HttpAdapter adapter;
    private final ScheduledFuture<?> periodic;
    private final AtomicLong lastAsk = new AtomicLong(System.nanoTime() - AT_MOST_EVERY);
    private volatile CompletableFuture<List<String>> asking;

    MemberDiscovery(HttpAdapter adapter, Duration interval) {
        this.adapter = adapter;
        long every = interval.toMillis();
        this.periodic = Shared.SCHEDULER.scheduleWithFixedDelay(this::refresh, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Asks now, unless an ask is in flight (then returns that one). */
    synchronized CompletableFuture<List<String>> refresh() {
        CompletableFuture<List<String>> current = asking;
        if (current != null && !current.isDone()) {
            return current;
        }
        lastAsk.set(System.nanoTime());
        current = adapter.admin(new AdminCall.Members()).thenApply(this::use).exceptionally(e -> {
            LOG.log(System.Logger.Level.DEBUG, () -> "could not learn the members; keeping " + adapter.pool + ": " + e);
            return adapter.pool.urls();
        });
        asking = current;
        return current;
    }

    /** Asks soon after a failure: now, unless the last ask was less than a second ago. */
    void soon() {
        long last = lastAsk.get();
        if (System.nanoTime() - last >= AT_MOST_EVERY && lastAsk.compareAndSet(last, System.nanoTime())) {
            refresh();
        }
    }

    private List<String> use(List<Member> members) {
        List<String> urls = members.stream().flatMap(m -> m.clientUrls().stream()).map(URI::toString)
                .map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u).distinct().toList();
        if (adapter.pool.replace(urls)) {
            LOG.log(System.Logger.Level.DEBUG, () -> "endpoints now " + urls);
        }
        return adapter.pool.urls();
    }

    void close() {
        periodic.cancel(false);
    }
}
