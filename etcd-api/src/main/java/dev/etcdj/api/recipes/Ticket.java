package dev.etcdj.api.recipes;

import dev.etcdj.api.EtcdException;
import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.Node;
import dev.etcdj.api.internal.Futures;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One contender's key in a {@link Line}: refreshed every third of the TTL while it is held (a refresh
 * wakes no watcher), lost when a refresh or a re-read finds it gone, deleted when it is left. Thread-safe.
 */
final class Ticket {
    private final Line line;
    final String key;
    final long token;
    private volatile String value;
    private final CompletableFuture<Void> lost = new CompletableFuture<>();
    private volatile ScheduledFuture<?> refresher;
    private volatile boolean left;

    Ticket(Line line, String key, long token, String value) {
        this.line = line;
        this.key = key;
        this.token = token;
        this.value = value;
    }

    String value() {
        return value;
    }

    CompletableFuture<Void> lost() {
        return lost;
    }

    boolean isLeft() {
        return left;
    }

    /** Re-reads the line: whether this key is still among the first {@code permits} (completes {@link #lost()} if not). */
    boolean isAdmitted(int permits) {
        if (left) {
            return false;
        }
        List<Node> queue = line.read();
        int at = Line.position(queue, key);
        boolean admitted = at >= 0 && at < permits;
        if (!admitted) {
            lost.complete(null);
        }
        return admitted;
    }

    /** Refreshes the key while waiting; a missing key is noticed by the next check. */
    void refreshNow() {
        try {
            line.etcd.refresh(key, line.ttl);
        } catch (KeyNotFoundException e) {
            // noticed at the next check
        }
    }

    /** Starts refreshing the key every third of the TTL on the line's scheduler. */
    void keepAlive() {
        long period = Math.max(1, line.ttl.toMillis() / 3);
        refresher = line.scheduler.scheduleWithFixedDelay(() -> {
            if (left) {
                return;
            }
            line.etcd.async().refresh(key, line.ttl).whenComplete((r, e) -> {
                if (e != null && !left && Futures.unwrap(e) instanceof KeyNotFoundException) {
                    lost.complete(null);
                    stopRefreshing();
                }
            });
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Writes a new value into the key, keeping its TTL; fails with {@link KeyNotFoundException} (and
     * completes {@link #lost()}) if the key is gone.
     */
    void rewrite(String newValue) {
        if (left) {
            throw new IllegalStateException(line.what + ": " + key + " was already left");
        }
        try {
            line.etcd.update(key, newValue, dev.etcdj.api.Option.ttl(line.ttl));
            value = newValue;
        } catch (KeyNotFoundException e) {
            lost.complete(null);
            stopRefreshing();
            throw e;
        }
    }

    private void stopRefreshing() {
        ScheduledFuture<?> r = refresher;
        if (r != null) {
            r.cancel(false);
        }
    }

    /**
     * Stops refreshing and deletes the key (a key that expired already is fine). Idempotent; runs even if
     * the thread is interrupted. If etcd cannot be reached, throws: the key then expires with its TTL.
     */
    void leave() {
        if (left) {
            return;
        }
        left = true;
        stopRefreshing();
        Recipes.cleanUp(() -> {
            try {
                line.etcd.delete(key);
            } catch (KeyNotFoundException e) {
                // expired already: nothing to release
            } catch (EtcdException e) {
                throw new EtcdException(line.what + ": could not delete " + key + "; it expires with its TTL of "
                        + line.ttl, e);
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return key + ", token=" + token + (left ? ", released" : lost.isDone() ? ", lost" : "");
    }
}
