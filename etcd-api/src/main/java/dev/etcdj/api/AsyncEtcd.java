package dev.etcdj.api;

import dev.etcdj.api.internal.Futures;
import dev.etcdj.api.spi.EtcdAdapter;
import dev.etcdj.api.spi.EtcdRequest;
import dev.etcdj.api.spi.EtcdRequest.Operation;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.function.UnaryOperator;

/**
 * The asynchronous face of {@link Etcd}: the same operations, each returning a {@link CompletableFuture}
 * that completes with the result or exceptionally with an {@link EtcdException}. Argument errors are
 * thrown at once, before any I/O. Continuations run on the adapter's threads; keep them short or use the
 * {@code *Async} variants with your own executor. Thread-safe.
 */
public final class AsyncEtcd {
    private final EtcdAdapter adapter;

    AsyncEtcd(EtcdAdapter adapter) {
        this.adapter = Objects.requireNonNull(adapter, "adapter == null");
    }

    /**
     * Reads {@code key}: a value, or a directory with its children (all levels with {@code recursive()}).
     *
     * @param key the key, such as {@code /config/db}
     * @param options {@code recursive()}, {@code sorted()}, {@code quorum()}, {@code timeout(...)}
     * @return the node read, a {@link Value} or a {@link Directory}; fails with {@link KeyNotFoundException}
     */
    public CompletableFuture<Got> get(String key, Option.ForGet... options) {
        return send(Calls.get(key, options));
    }

    /**
     * {@return whether {@code key} exists}
     *
     * @param key the key, such as {@code /config/db}
     */
    public CompletableFuture<Boolean> exists(String key) {
        return get(key).handle((got, error) -> {
            if (error == null) {
                return Boolean.TRUE;
            }
            Throwable cause = Futures.unwrap(error);
            if (cause instanceof KeyNotFoundException) {
                return Boolean.FALSE;
            }
            throw cause instanceof CompletionException c ? c : new CompletionException(cause);
        });
    }

    /**
     * Writes {@code value} at {@code key}, replacing a file (as a new node) or creating it and any missing
     * parent directories. Without {@code ttl()} the node is permanent, even if it had a TTL. A conditional
     * write is {@link #compareAndSwap}.
     *
     * @param key the key, such as {@code /config/db}
     * @param value the value, any string
     * @param options {@code ttl(...)}, {@code noValueOnSuccess()}, {@code timeout(...)}
     * @return the write; fails with {@link NotAFileException} if {@code key} is a directory
     */
    public CompletableFuture<Stored> set(String key, String value, Option.ForWrite... options) {
        return send(Calls.set(key, value, options));
    }

    /**
     * Creates {@code key} with {@code value}; fails with {@link NodeExistsException} if it exists.
     *
     * @param key the key, such as {@code /config/db}
     * @param value the value, any string
     * @param options {@code ttl(...)}, {@code noValueOnSuccess()}, {@code timeout(...)}
     * @return the node created; fails with {@link NodeExistsException} if the key exists
     */
    public CompletableFuture<Created> create(String key, String value, Option.ForWrite... options) {
        return send(Calls.create(key, value, options));
    }

    /**
     * Replaces the value of the existing file {@code key}, keeping its {@code createdIndex}; fails with
     * {@link KeyNotFoundException} if it does not exist. A conditional write is {@link #compareAndSwap}
     * or {@link #updateIfUnchanged}.
     *
     * @param key the key, such as {@code /config/db}
     * @param value the value, any string
     * @param options {@code ttl(...)}, {@code noValueOnSuccess()}, {@code timeout(...)}
     * @return the update
     */
    public CompletableFuture<Updated> update(String key, String value, Option.ForWrite... options) {
        return send(Calls.update(key, value, options));
    }

    /**
     * Writes {@code newValue} over a value read earlier, only if nobody changed it since
     * ({@code prevIndex} = its {@code modifiedIndex}); fails with {@link CompareFailedException} otherwise.
     * A TTL the node had is kept unless {@code ttl()} is given: the remaining TTL the server reported with
     * the read ({@link Value#ttl()}, by the server's clock, so clock skew cannot shorten it), at least a
     * second. Time spent between the read and this call is not subtracted: update soon after reading.
     *
     * @param read the value as read, by {@link #get} for example
     * @param newValue the value to write
     * @param options {@code ttl(...)}, {@code noValueOnSuccess()}, {@code timeout(...)}
     * @return the swap
     */
    public CompletableFuture<ComparedThenSwapped> updateIfUnchanged(Value read, String newValue, Option.ForWrite... options) {
        return send(Calls.updateIfUnchanged(read, newValue, options));
    }

    /**
     * Writes {@code value} only if the conditions hold ({@code prevValue()}, {@code prevIndex()}, or both);
     * fails with {@link CompareFailedException} otherwise.
     *
     * @param key the key, such as {@code /config/db}
     * @param value the value, any string
     * @param options at least one of {@code prevValue(...)}, {@code prevIndex(...)}; {@code ttl(...)}, {@code
     *     noValueOnSuccess()}, {@code timeout(...)}
     * @return the swap
     */
    public CompletableFuture<ComparedThenSwapped> compareAndSwap(String key, String value, Option.ForCompareAndSwap... options) {
        return send(Calls.compareAndSwap(key, value, options));
    }

    /**
     * Creates an in-order key below the directory {@code dir} (created if missing): its name is the
     * creation index, zero-padded to 20 digits, so names sort in creation order.
     *
     * @param dir the directory, such as {@code /queue}
     * @param value the value, any string
     * @param options {@code ttl(...)}, {@code noValueOnSuccess()}, {@code timeout(...)}; no conditions
     * @return the node created, with its generated key
     */
    public CompletableFuture<Created> append(String dir, String value, Option.ForWrite... options) {
        return send(Calls.append(dir, value, options));
    }

    /**
     * Creates an in-order directory below {@code dir}; see {@link #append}.
     *
     * @param dir the directory, such as {@code /queue}
     * @param options {@code ttl(...)}, {@code timeout(...)}; no conditions
     * @return the directory created, with its generated key
     */
    public CompletableFuture<Created> appendDirectory(String dir, Option.ForWrite... options) {
        return send(Calls.appendDirectory(dir, options));
    }

    /**
     * Creates the directory {@code key}; fails with {@link NodeExistsException} if the key exists.
     *
     * @param key the key, such as {@code /config/db}
     * @param options {@code ttl(...)}, {@code timeout(...)}; no conditions
     * @return the directory created
     */
    public CompletableFuture<Created> mkdir(String key, Option.ForWrite... options) {
        return send(Calls.mkdir(key, options));
    }

    /**
     * Sets the TTL of the existing directory {@code key} (its children are kept).
     *
     * @param key the key, such as {@code /config/db}
     * @param ttl the new time to live, in whole seconds
     * @param timeout an optional {@code timeout(...)}
     * @return the directory updated
     */
    public CompletableFuture<Updated> updateDirectoryTtl(String key, Duration ttl, Option.Timeout... timeout) {
        return send(Calls.updateDirectoryTtl(key, ttl, timeout));
    }

    /**
     * Makes {@code key} permanent, keeping its value or children. For a file this is a compare-and-swap
     * on the value just read, so a concurrent write makes it fail with {@link CompareFailedException}
     * rather than be overwritten.
     *
     * @param key the key, such as {@code /config/db}
     * @param timeout an optional {@code timeout(...)}
     * @return the write: a {@link ComparedThenSwapped} for a file, an {@link Updated} for a directory
     */
    public CompletableFuture<EtcdResult> removeTtl(String key, Option.Timeout... timeout) {
        Calls.RemoveTtl r = Calls.removeTtl(key, timeout);
        return send(r.read()).thenCompose(got -> send(r.write(got)));
    }

    /**
     * Resets the TTL of the existing node {@code key} to {@code ttl}, keeping its value and
     * {@code createdIndex}, without waking watchers; fails with {@link KeyNotFoundException} if it does
     * not exist.
     *
     * @param key the key, such as {@code /config/db}
     * @param ttl the new time to live, in whole seconds
     * @param timeout an optional {@code timeout(...)}
     * @return the update
     */
    public CompletableFuture<Updated> refresh(String key, Duration ttl, Option.Timeout... timeout) {
        return send(Calls.refresh(key, ttl, timeout));
    }

    /**
     * Resets the TTL of the file {@code key} only if the conditions hold, as {@link #refresh} otherwise:
     * how a lock or lease holder renews what it still owns. Fails with {@link CompareFailedException}.
     *
     * @param key the key, such as {@code /locks/job}
     * @param ttl the new time to live, in whole seconds
     * @param options at least one of {@code prevValue(...)}, {@code prevIndex(...)}; {@code timeout(...)}
     * @return the refresh, which etcd reports as a compare-and-swap
     */
    public CompletableFuture<ComparedThenSwapped> compareAndRefresh(String key, Duration ttl, Option.ForCompare... options) {
        return send(Calls.compareAndRefresh(key, ttl, options));
    }

    /**
     * Deletes {@code key}: a file; an empty directory with {@code dir()}; a whole subtree with
     * {@code recursive()}. A conditional delete is {@link #compareAndDelete}.
     *
     * @param key the key, such as {@code /config/db}
     * @param options {@code dir()}, {@code recursive()}, {@code timeout(...)}
     * @return the delete
     */
    public CompletableFuture<Deleted> delete(String key, Option.ForDelete... options) {
        return send(Calls.delete(key, options));
    }

    /**
     * Deletes the file {@code key} only if the conditions hold; see {@link #delete}.
     *
     * @param key the key, such as {@code /config/db}
     * @param options at least one of {@code prevValue(...)}, {@code prevIndex(...)}; {@code timeout(...)}
     * @return the delete
     */
    public CompletableFuture<ComparedThenDeleted> compareAndDelete(String key, Option.ForCompare... options) {
        return send(Calls.compareAndDelete(key, options));
    }

    /**
     * Waits for one event on {@code key} (or below it, with {@code recursive()}): the first with an index
     * of at least {@code waitIndex()}, or the next one. No deadline unless {@code timeout()} is given.
     *
     * @param key the key, such as {@code /config/db}
     * @param options {@code recursive()}, {@code waitIndex(...)}, {@code timeout(...)}
     * @return the event's result: its action, node and previous node
     */
    public CompletableFuture<EtcdResult> waitFor(String key, Option.ForWait... options) {
        return send(Calls.waitFor(key, options));
    }

    /**
     * {@return a continuous watch of {@code key} as a publisher; each subscription is its own watch,
     * fetching events only while the subscriber has demand} Without {@code waitIndex()}/{@code afterIndex()}
     * it first reads the store's index and delivers every event after it. {@code timeout()} bounds each
     * long poll (60 s by default; the server is then checked and the poll re-armed from the same index);
     * {@code maxOutage()} bounds how long the server may be unreachable (5 minutes by default). See
     * {@link Watch} for the guarantees.
     *
     * @param key the key, such as {@code /config/db}
     * @param options {@code recursive()}, {@code waitIndex(...)}, {@code afterIndex(...)}, {@code timeout(...)},
     *     {@code maxOutage(...)}
     */
    public Flow.Publisher<WatchEvent> watch(String key, Option.ForWatch... options) {
        Options o = Options.of("watch", options);
        return WatchLoop.publisher(adapter, Key.of(key), o.recursive, o.waitIndex, o.timeout, o.maxOutage);
    }

    /**
     * The blocking {@link Etcd#watch}: without a start index, the store's index is read here, on the
     * caller's thread, so that every write made after {@code watch(...)} returns is delivered.
     */
    Flow.Publisher<WatchEvent> watchFromNow(String key, Option.ForWatch... options) {
        Options o = Options.of("watch", options);
        Key k = Key.of(key);
        long start = o.waitIndex != 0 ? o.waitIndex : WatchLoop.currentIndex(adapter, k, o.timeout) + 1;
        return WatchLoop.publisher(adapter, k, o.recursive, start, o.timeout, o.maxOutage);
    }

    /**
     * Reads the file {@code key}, applies {@code fn} to its value and writes the result with a
     * compare-and-swap on the index read, retrying from the read up to {@code maxAttempts} times when
     * another writer got there first. Keeps a TTL the node had (see {@link #updateIfUnchanged}).
     *
     * @param key the key, such as {@code /config/db}
     * @param maxAttempts how many read-and-swap rounds to try, at least 1
     * @param fn the new value from the current one; may run more than once, must not return null
     * @throws IllegalArgumentException if {@code maxAttempts < 1}
     * @return the successful swap; fails with {@link ConcurrentUpdateException} when every attempt lost,
     *     {@link KeyNotFoundException} if the key does not exist
     */
    public CompletableFuture<ComparedThenSwapped> atomicUpdate(String key, int maxAttempts, UnaryOperator<String> fn) {
        return round(Calls.atomicUpdate(key, maxAttempts, fn), 1);
    }

    private CompletableFuture<ComparedThenSwapped> round(Calls.AtomicUpdate u, int attempt) {
        return send(u.read()).thenCompose(got -> send(u.swap(got)).handle((swapped, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(swapped);
            }
            Throwable cause = Futures.unwrap(error);
            if (cause instanceof CompareFailedException lost) {
                ConcurrentUpdateException failure = u.lost(attempt, lost);
                return failure == null ? round(u, attempt + 1) : CompletableFuture.<ComparedThenSwapped>failedFuture(failure);
            }
            return CompletableFuture.<ComparedThenSwapped>failedFuture(cause);
        }).thenCompose(f -> f));
    }

    /**
     * Sends a request built by hand (the escape hatch for combinations the methods above do not cover).
     *
     * @param request the request, from {@link EtcdRequest#newBuilder}
     * @return the result, typed by the action the server reports
     */
    public CompletableFuture<EtcdResult> execute(EtcdRequest request) {
        return send(Calls.execute(request));
    }

    private <T extends EtcdResult> CompletableFuture<T> send(Calls.Call<T> call) {
        return adapter.execute(call.request()).thenApply(call::expect);
    }
}
