package dev.etcdj.api.recipes;

import static dev.etcdj.api.Option.*;

import dev.etcdj.api.Created;
import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdException;
import dev.etcdj.api.EtcdInterruptedException;
import dev.etcdj.api.EtcdTimeoutException;
import dev.etcdj.api.EventIndexClearedException;
import dev.etcdj.api.Got;
import dev.etcdj.api.Key;
import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.Node;
import dev.etcdj.api.internal.Futures;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A fair distributed lock on etcd v2, in python-etcd's {@code etcd.Lock} layout: a contender appends an
 * in-order key below {@code /_locks/<name>} holding its owner id, with a TTL; the lowest key holds the lock;
 * every other contender waits for the delete or expiry of the key just before its own (no thundering herd)
 * and then checks again. So Java and Python processes exclude each other on the same lock.
 *
 * <pre>{@code
 * EtcdLock lock = EtcdLock.newBuilder(etcd, "reindex").ttl(Duration.ofSeconds(15)).build();
 * try (EtcdLock.Held held = lock.lock()) {
 *     storage.write(data, held.fencingToken());   // the storage rejects tokens older than the last it saw
 * }
 * }</pre>
 *
 * <p><b>A lock on a TTL is a lease.</b> While held, the key's TTL is refreshed every third of it (without
 * waking watchers) on a shared scheduler; a holder that stalls or loses etcd for longer than the TTL loses
 * the lock, and another contender may get it while the first still believes it holds it.
 * {@link Held#isHeld()} re-reads, and {@link Held#lost()} completes when a refresh finds the key gone. What
 * makes it safe is the <b>fencing token</b> ({@link Held#fencingToken()}, the key's {@code createdIndex}):
 * it increases with every acquisition, so the guarded resource can refuse a stale holder.
 *
 * <p>{@link #tryLock()} leaves no key behind when it fails, and {@link #lock(Duration)} returns on time
 * and leaves none either. Blocking calls are interruptible ({@link EtcdInterruptedException}, the key
 * removed). Thread-safe; one {@code EtcdLock} may be used by many threads, each acquisition its own
 * contender.
 */
public final class EtcdLock {
    /** The directory python-etcd keeps its locks in. */
    public static final String LOCKS = "/_locks";
    private static final Duration POLL = Duration.ofSeconds(30);

    private final Etcd etcd;
    private final String dir;
    private final Duration ttl;
    private final String owner;
    private final ScheduledExecutorService scheduler;

    private EtcdLock(Builder b) {
        this.etcd = b.etcd;
        this.dir = b.directory + "/" + b.name;
        this.ttl = b.ttl;
        this.owner = b.owner;
        this.scheduler = b.scheduler;
    }

    /** Returns a builder for the lock {@code name} (one key segment). */
    public static Builder newBuilder(Etcd etcd, String name) {
        return new Builder(etcd, name);
    }

    /** Waits as long as it takes for the lock; interruptible. */
    public Held lock() {
        return acquire(Long.MAX_VALUE).orElseThrow();
    }

    /** Waits at most {@code timeout} for the lock; empty (and no key left behind) if it is still held by another. */
    public Optional<Held> lock(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout == null");
        return acquire(System.nanoTime() + Math.max(0, timeout.toNanos()));
    }

    /** Takes the lock if it is free now; empty (and no key left behind) otherwise. */
    public Optional<Held> tryLock() {
        return acquire(System.nanoTime());
    }

    private Optional<Held> acquire(long deadline) {
        Created mine = etcd.append(dir, owner, dev.etcdj.api.Option.ttl(ttl));
        Held held = new Held(mine.node().key(), mine.node().createdIndex());
        boolean acquired = false;
        try {
            while (true) {
                Got got = etcd.get(dir, sorted());
                List<Node> queue = got.node().asDirectory().children();
                int at = position(queue, held.key);
                if (at < 0) {
                    throw new EtcdException("lock " + dir + ": this contender's key " + held.key + " vanished while it "
                            + "waited (its TTL of " + ttl + " ran out: was the process stalled?)");
                }
                if (at == 0) {
                    acquired = true;
                    held.keepAlive();
                    return Optional.of(held);
                }
                long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                String predecessor = queue.get(at - 1).key();
                Duration wait = Duration.ofNanos(Math.min(left, Math.min(POLL.toNanos(), ttl.toNanos() / 3)));
                try {
                    etcd.waitFor(predecessor, afterIndex(got.etcdIndex()), timeout(wait));
                } catch (EtcdTimeoutException | EventIndexClearedException e) {
                    // check again: the predecessor may be gone, our own key needs its refresh
                }
                refresh(held.key);
            }
        } finally {
            if (!acquired) {
                held.release();
            }
        }
    }

    /** Keeps a waiting contender's key alive between checks. */
    private void refresh(String key) {
        try {
            etcd.refresh(key, ttl, prevValue(owner));
        } catch (KeyNotFoundException e) {
            // noticed at the next check
        }
    }

    private static int position(List<Node> queue, String key) {
        for (int i = 0; i < queue.size(); i++) {
            if (queue.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "EtcdLock[" + dir + ", owner=" + owner + ", ttl=" + ttl + "]";
    }

    /** One acquisition: close it (or {@link #unlock()}) to release the lock. */
    public final class Held implements AutoCloseable {
        private final String key;
        private final long token;
        private final java.util.concurrent.CompletableFuture<Void> lost = new java.util.concurrent.CompletableFuture<>();
        private volatile java.util.concurrent.ScheduledFuture<?> refresher;
        private volatile boolean released;

        private Held(String key, long token) {
            this.key = key;
            this.token = token;
        }

        /** Returns the fencing token: the lock key's {@code createdIndex}, larger for every later holder. */
        public long fencingToken() {
            return token;
        }

        /** Returns the key that holds the lock, e.g. {@code /_locks/reindex/00000000000000000042}. */
        public String key() {
            return key;
        }

        /** Re-reads the lock: whether this key still exists and is the first (completes {@link #lost()} if not). */
        public boolean isHeld() {
            if (released) {
                return false;
            }
            List<Node> queue;
            try {
                queue = etcd.get(dir, sorted()).node().asDirectory().children();
            } catch (KeyNotFoundException e) {
                queue = List.of();
            }
            boolean held = !queue.isEmpty() && queue.get(0).key().equals(key);
            if (!held) {
                lost.complete(null);
            }
            return held;
        }

        /** Completes when the lock was found lost (a refresh or {@link #isHeld()} found the key gone); never if released. */
        public java.util.concurrent.CompletableFuture<Void> lost() {
            return lost;
        }

        private void keepAlive() {
            long period = Math.max(1, ttl.toMillis() / 3);
            refresher = scheduler.scheduleWithFixedDelay(() -> {
                if (released) {
                    return;
                }
                etcd.async().refresh(key, ttl, prevValue(owner)).whenComplete((r, e) -> {
                    Throwable cause = e == null ? null : Futures.unwrap(e);
                    if (!released && (cause instanceof KeyNotFoundException
                            || cause instanceof dev.etcdj.api.CompareFailedException)) {
                        lost.complete(null);
                        stopRefreshing();
                    }
                });
            }, period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        private void stopRefreshing() {
            java.util.concurrent.ScheduledFuture<?> r = refresher;
            if (r != null) {
                r.cancel(false);
            }
        }

        /** Releases the lock (deletes its key, if it is still ours). Idempotent. */
        public void unlock() {
            release();
        }

        private void release() {
            if (released) {
                return;
            }
            released = true;
            stopRefreshing();
            try {
                etcd.compareAndDelete(key, prevValue(owner));
            } catch (KeyNotFoundException | dev.etcdj.api.CompareFailedException e) {
                // expired already: nothing to release
            }
        }

        /** Same as {@link #unlock()}. */
        @Override
        public void close() {
            release();
        }

        @Override
        public String toString() {
            return "EtcdLock.Held[" + key + ", token=" + token + (released ? ", released" : "") + "]";
        }
    }

    /** Configures an {@link EtcdLock}. Not thread-safe. */
    public static final class Builder {
        private final Etcd etcd;
        private final String name;
        private String directory = LOCKS;
        private Duration ttl = Duration.ofSeconds(30);
        private String owner = UUID.randomUUID().toString();
        private ScheduledExecutorService scheduler = Recipes.scheduler();

        private Builder(Etcd etcd, String name) {
            this.etcd = Objects.requireNonNull(etcd, "etcd == null");
            Objects.requireNonNull(name, "name == null");
            if (name.isEmpty() || name.contains("/")) {
                throw new IllegalArgumentException("a lock name is one key segment: \"" + name + "\"");
            }
            Key.of(LOCKS + "/" + name);   // checks the name as a key
            this.name = name;
        }

        /** Sets the TTL of the lock key (30 s by default; whole seconds, at least 2): how long a stalled holder keeps it. */
        public Builder ttl(Duration ttl) {
            this.ttl = Recipes.checkTtl(ttl);
            return this;
        }

        /** Sets the owner id written in the lock key (a random UUID by default). */
        public Builder owner(String owner) {
            this.owner = Objects.requireNonNull(owner, "owner == null");
            return this;
        }

        /** Keeps the locks under {@code directory} instead of python-etcd's {@code /_locks}. */
        public Builder directory(String directory) {
            Key k = Key.of(Objects.requireNonNull(directory, "directory == null"));
            this.directory = k.isRoot() ? "" : k.path();
            return this;
        }

        /** Runs the keep-alive refreshes on {@code scheduler} instead of the shared one. */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
            return this;
        }

        /** Returns the lock. */
        public EtcdLock build() {
            return new EtcdLock(this);
        }
    }
}
