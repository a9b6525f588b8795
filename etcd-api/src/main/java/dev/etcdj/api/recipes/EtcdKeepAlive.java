package dev.etcdj.api.recipes;

import static dev.etcdj.api.Option.*;

import dev.etcdj.api.CompareFailedException;
import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdException;
import dev.etcdj.api.Key;
import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.NodeExistsException;
import dev.etcdj.api.internal.Futures;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Keeps a node alive on a TTL (python-etcd forks' {@code keep_node}): it is written with its value and
 * TTL, then refreshed every third of the TTL (a refresh wakes no watcher) on one shared scheduler. If the
 * node vanished (it expired while this process stalled, or someone deleted it) it is created again,
 * create-only, and the loss reported; if someone else now owns it (another value), that is reported and the
 * keep-alive stops. {@link #close()} stops refreshing and deletes the node if it still holds this value.
 *
 * <pre>{@code
 * try (EtcdKeepAlive alive = EtcdKeepAlive.newBuilder(etcd, "/services/api/node-1", "10.0.0.1:8080")
 *         .ttl(Duration.ofSeconds(10)).onLoss(loss -> log.warn(loss.toString())).start()) {
 *     serve();
 * }
 * }</pre>
 *
 * Thread-safe; losses are reported on the adapter's threads (keep the listener short).
 */
public final class EtcdKeepAlive implements AutoCloseable {
    /** What happened to the node. */
    public enum LossKind {
        /** It had vanished (expired or deleted) and was created again. */
        RECREATED,
        /** Another writer holds it now (another value); the keep-alive stopped. */
        TAKEN,
        /** A refresh failed otherwise (etcd unreachable, say); the next tick tries again. */
        FAILED
    }

    /**
     * A loss of the node.
     *
     * @param kind what happened
     * @param key the node
     * @param cause the failure behind it, or null
     */
    public record Loss(LossKind kind, String key, Throwable cause) {
    }

    private final Etcd etcd;
    private final String key;
    private final String value;
    private final Duration ttl;
    private final Consumer<Loss> onLoss;
    private final AtomicLong losses = new AtomicLong();
    private final ScheduledFuture<?> ticks;
    private volatile boolean stopped;

    private EtcdKeepAlive(Builder b) {
        this.etcd = b.etcd;
        this.key = b.key;
        this.value = b.value;
        this.ttl = b.ttl;
        this.onLoss = b.onLoss;
        etcd.set(key, value, dev.etcdj.api.Option.ttl(ttl));
        long period = Math.max(1, ttl.toMillis() / 3);
        this.ticks = b.scheduler.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * {@return a builder for keeping {@code key} alive with {@code value}}
     *
     * @param etcd the client
     * @param key the key to keep alive
     * @param value its value
     */
    public static Builder newBuilder(Etcd etcd, String key, String value) {
        return new Builder(etcd, key, value);
    }

    private void tick() {
        if (stopped) {
            return;
        }
        etcd.async().compareAndRefresh(key, ttl, prevValue(value)).whenComplete((r, e) -> {
            Throwable cause = e == null ? null : Futures.unwrap(e);
            if (cause == null || stopped) {
                return;
            }
            if (cause instanceof KeyNotFoundException) {
                etcd.async().create(key, value, dev.etcdj.api.Option.ttl(ttl)).whenComplete((c, e2) -> {
                    Throwable c2 = e2 == null ? null : Futures.unwrap(e2);
                    if (c2 == null) {
                        report(LossKind.RECREATED, cause);
                    } else if (c2 instanceof NodeExistsException) {
                        taken(c2);
                    } else {
                        report(LossKind.FAILED, c2);
                    }
                });
            } else if (cause instanceof CompareFailedException) {
                taken(cause);
            } else {
                report(LossKind.FAILED, cause);
            }
        });
    }

    private void taken(Throwable cause) {
        stopped = true;
        ticks.cancel(false);
        report(LossKind.TAKEN, cause);
    }

    private void report(LossKind kind, Throwable cause) {
        losses.incrementAndGet();
        try {
            onLoss.accept(new Loss(kind, key, cause));
        } catch (RuntimeException ignored) {
            // a listener's failure must not stop the keep-alive
        }
    }

    /** {@return how many losses were reported} */
    public long losses() {
        return losses.get();
    }

    /** {@return whether it is still keeping the node alive (false once closed or taken)} */
    public boolean isRunning() {
        return !stopped;
    }

    /** Stops refreshing and deletes the node if it still holds this value. Idempotent. */
    @Override
    public void close() {
        if (stopped && ticks.isCancelled()) {
            return;
        }
        stopped = true;
        ticks.cancel(false);
        try {
            etcd.compareAndDelete(key, prevValue(value));
        } catch (KeyNotFoundException | CompareFailedException e) {
            // gone, or not ours any more
        } catch (EtcdException e) {
            // it expires with its TTL
        }
    }

    @Override
    public String toString() {
        return "EtcdKeepAlive[" + key + ", ttl=" + ttl + (stopped ? ", stopped" : "") + ", losses=" + losses + "]";
    }

    /** Configures an {@link EtcdKeepAlive}. Not thread-safe. */
    public static final class Builder {
        private final Etcd etcd;
        private final String key;
        private final String value;
        private Duration ttl = Duration.ofSeconds(30);
        private Consumer<Loss> onLoss = loss -> { };
        private ScheduledExecutorService scheduler = Recipes.scheduler();

        private Builder(Etcd etcd, String key, String value) {
            this.etcd = Objects.requireNonNull(etcd, "etcd == null");
            this.key = Key.of(Objects.requireNonNull(key, "key == null")).path();
            this.value = Objects.requireNonNull(value, "value == null");
            if (value.isEmpty()) {
                throw new IllegalArgumentException("the value must not be empty: it is how the keep-alive recognises its node");
            }
        }

        /**
         * Sets the TTL (30 s by default; whole seconds, at least 2).
         *
         * @param ttl the TTL
         * @return this builder
         */
        public Builder ttl(Duration ttl) {
            this.ttl = Recipes.checkTtl(ttl);
            return this;
        }

        /**
         * Calls {@code listener} with every loss.
         *
         * @param listener called with each loss, on the adapter's threads: keep it short
         * @return this builder
         */
        public Builder onLoss(Consumer<Loss> listener) {
            this.onLoss = Objects.requireNonNull(listener, "listener == null");
            return this;
        }

        /**
         * Runs the refreshes on {@code scheduler} instead of the shared one.
         *
         * @param scheduler the scheduler for the refreshes
         * @return this builder
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
            return this;
        }

        /**
         * Writes the node and starts keeping it alive.
         *
         * @return the running keep-alive; close it to stop it and delete the node
         */
        public EtcdKeepAlive start() {
            return new EtcdKeepAlive(this);
        }
    }
}
