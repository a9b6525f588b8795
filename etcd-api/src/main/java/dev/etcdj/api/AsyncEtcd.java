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
    private final boolean blocking;

    AsyncEtcd(EtcdAdapter adapter, boolean blocking) {
        this.adapter = Objects.requireNonNull(adapter, "adapter == null");
        this.blocking = blocking;
    }

    /**
     * Reads {@code key}: a value, or a directory with its children (all levels with {@code recursive()}).
     *
     * @param key the key, such as {@code /config/db}
     * @param options {@code recursive()}, {@code sorted()}, {@code quorum()}, {@code timeout(...)}
     * @return the node read, a {@link Value} or a {@link Directory}; fails with {@link KeyNotFoundException}
     */
    public CompletableFuture<Got> get(String key, Option.ForGet... options) {
        Options o = Options.of("get", options);
        return call(Got.class, o.apply(EtcdRequest.newBuilder(Operation.GET, Key.of(key))));
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
     * parent directories. With {@code prevValue()}/{@code prevIndex()} it is a compare-and-swap. Without
     * {@code ttl()} the node is permanent, even if it had a TTL.
     *
     * @param key the key, such as {@code /config/db}
     * @param value the value, any string
     * @param options {@code ttl(...)}, {@code prevValue(...)}, {@code prevIndex(...)}, {@code noValueOnSuccess()},
     *     {@code timeout(...)}
     * @return a {@link Set}, or a {@link ComparedThenSwapped} with a condition
     */
    public CompletableFuture<EtcdResult> set(String key, String value, Option.ForWrite... options) {
        Options o = Options.of("set", options);
        Key k = writable(key, "set");
        return call(EtcdResult.class, o.apply(EtcdRequest.newBuilder(Operation.SET, k)).value(requireValue(value)));
    }

    /**
     * Creates {@code key} with {@code value}; fails with {@link NodeExistsException} if it exists.
     *
     * @param key the key, such as {@code /config/db}
     * @param value the value, any string
     * @param options {@code ttl(...)}, {@code noValueOnSuccess()}, {@code timeout(...)}; no conditions
     * @return the node created; fails with {@link NodeExistsException} if the key exists
     */
    public CompletableFuture<Created> create(String key, String value, Option.ForWrite... options) {
        Options o = unconditional("create", options);
        Key k = writable(key, "create");
        return call(Created.class, o.apply(EtcdRequest.newBuilder(Operation.SET, k))
                .value(requireValue(value)).prevExist(Boolean.FALSE));
    }

    /**
     * Replaces the value of the existing file {@code key}, keeping its {@code createdIndex}; fails with
     * {@link KeyNotFoundException} if it does not exist. With a condition it is a compare-and-swap.
     *
     * @param key the key, such as {@code /config/db}
     * @param value the value, any string
     * @param options {@code ttl(...)}, {@code prevValue(...)}, {@code prevIndex(...)}, {@code noValueOnSuccess()},
     *     {@code timeout(...)}
     * @return an {@link Updated}, or a {@link ComparedThenSwapped} with a condition
     */
    public CompletableFuture<EtcdResult> update(String key, String value, Option.ForWrite... options) {
        Options o = Options.of("update", options);
        Key k = writable(key, "update");
        return call(EtcdResult.class, o.apply(EtcdRequest.newBuilder(Operation.SET, k))
                .value(requireValue(value)).prevExist(Boolean.TRUE));
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
     * @param options {@code ttl(...)}, {@code noValueOnSuccess()}, {@code timeout(...)}; no conditions
     * @return the swap
     */
    public CompletableFuture<ComparedThenSwapped> update(Value read, String newValue, Option.ForWrite... options) {
        Objects.requireNonNull(read, "read == null");
        Options o = Options.of("update", options);
        if (o.conditional()) {
            throw new IllegalArgumentException("update(read, ...): the condition is the read's modifiedIndex; "
                    + "do not pass prevValue/prevIndex");
        }
        Key k = writable(read.key(), "update");
        EtcdRequest.Builder b = o.apply(EtcdRequest.newBuilder(Operation.SET, k))
                .value(requireValue(newValue)).prevIndex(read.modifiedIndex());
        if (o.ttl == null && read.expiration().isPresent()) {
            b.ttl(remaining(read));
        }
        return call(ComparedThenSwapped.class, b);
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
    public CompletableFuture<ComparedThenSwapped> compareAndSwap(String key, String value, Option.ForWrite... options) {
        Options o = Options.of("compareAndSwap", options);
        if (!o.conditional()) {
            throw new IllegalArgumentException("compareAndSwap needs prevValue(...) and/or prevIndex(...)");
        }
        Key k = writable(key, "compareAndSwap");
        return call(ComparedThenSwapped.class, o.apply(EtcdRequest.newBuilder(Operation.SET, k)).value(requireValue(value)));
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
        Options o = unconditional("append", options);
        return call(Created.class, o.apply(EtcdRequest.newBuilder(Operation.APPEND, Key.of(dir))).value(requireValue(value)));
    }

    /**
     * Creates an in-order directory below {@code dir}; see {@link #append}.
     *
     * @param dir the directory, such as {@code /queue}
     * @param options {@code ttl(...)}, {@code timeout(...)}; no conditions
     * @return the directory created, with its generated key
     */
    public CompletableFuture<Created> appendDirectory(String dir, Option.ForWrite... options) {
        Options o = unconditional("appendDirectory", options);
        return call(Created.class, o.apply(EtcdRequest.newBuilder(Operation.APPEND, Key.of(dir))).dir(true));
    }

    /**
     * Creates the directory {@code key}; fails with {@link NodeExistsException} if the key exists.
     *
     * @param key the key, such as {@code /config/db}
     * @param options {@code ttl(...)}, {@code timeout(...)}; no conditions
     * @return the directory created
     */
    public CompletableFuture<Created> mkdir(String key, Option.ForWrite... options) {
        Options o = unconditional("mkdir", options);
        Key k = writable(key, "mkdir");
        return call(Created.class, o.apply(EtcdRequest.newBuilder(Operation.SET, k)).dir(true).prevExist(Boolean.FALSE));
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
        Options o = Options.of("updateDirectoryTtl", timeout);
        Key k = writable(key, "updateDirectoryTtl");
        return call(Updated.class, o.apply(EtcdRequest.newBuilder(Operation.SET, k))
                .dir(true).prevExist(Boolean.TRUE).ttl(new Option.Ttl(ttl).ttl()));
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
        Options o = Options.of("removeTtl", timeout);
        Key k = writable(key, "removeTtl");
        return get(k.path()).thenCompose(got -> {
            EtcdRequest.Builder b = o.apply(EtcdRequest.newBuilder(Operation.SET, k));
            if (got.node() instanceof Value v) {
                b.value(v.value()).prevIndex(v.modifiedIndex());
            } else {
                b.dir(true).prevExist(Boolean.TRUE);
            }
            return call(EtcdResult.class, b);
        });
    }

    /**
     * Resets the TTL of the existing node {@code key} to {@code ttl}, keeping its value and
     * {@code createdIndex}, without waking watchers. {@code prevValue()}/{@code prevIndex()} make it
     * conditional.
     *
     * @param key the key, such as {@code /config/db}
     * @param ttl the new time to live, in whole seconds
     * @param options {@code prevValue(...)}, {@code prevIndex(...)}, {@code timeout(...)}; the TTL is the argument
     * @return an {@link Updated}, or a {@link ComparedThenSwapped} with a condition
     */
    public CompletableFuture<EtcdResult> refresh(String key, Duration ttl, Option.ForWrite... options) {
        Options o = Options.of("refresh", options);
        if (o.ttl != null) {
            throw new IllegalArgumentException("refresh takes its ttl as an argument, not as ttl(...)");
        }
        Key k = writable(key, "refresh");
        return call(EtcdResult.class, o.apply(EtcdRequest.newBuilder(Operation.SET, k))
                .refresh(true).prevExist(Boolean.TRUE).ttl(new Option.Ttl(ttl).ttl()));
    }

    /**
     * Deletes {@code key}: a file; an empty directory with {@code dir()}; a whole subtree with
     * {@code recursive()}. With {@code prevValue()}/{@code prevIndex()} it is a compare-and-delete (files
     * only).
     *
     * @param key the key, such as {@code /config/db}
     * @param options {@code dir()}, {@code recursive()}, {@code prevValue(...)}, {@code prevIndex(...)}, {@code
     *     timeout(...)}
     * @return a {@link Deleted}, or a {@link ComparedThenDeleted} with a condition
     */
    public CompletableFuture<EtcdResult> delete(String key, Option.ForDelete... options) {
        Options o = Options.of("delete", options);
        Key k = writable(key, "delete");
        return call(EtcdResult.class, o.apply(EtcdRequest.newBuilder(Operation.DELETE, k)));
    }

    /**
     * Deletes the file {@code key} only if the conditions hold; see {@link #delete}.
     *
     * @param key the key, such as {@code /config/db}
     * @param options at least one of {@code prevValue(...)}, {@code prevIndex(...)}; {@code timeout(...)}
     * @return the delete
     */
    public CompletableFuture<ComparedThenDeleted> compareAndDelete(String key, Option.ForDelete... options) {
        Options o = Options.of("compareAndDelete", options);
        if (!o.conditional()) {
            throw new IllegalArgumentException("compareAndDelete needs prevValue(...) and/or prevIndex(...)");
        }
        Key k = writable(key, "compareAndDelete");
        return call(ComparedThenDeleted.class, o.apply(EtcdRequest.newBuilder(Operation.DELETE, k)));
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
        Options o = Options.of("waitFor", options);
        return call(EtcdResult.class, o.apply(EtcdRequest.newBuilder(Operation.WAIT, Key.of(key))));
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
     * another writer got there first. Keeps a TTL the node had (see {@link #update(Value, String,
     * Option.ForWrite...)}).
     *
     * @param key the key, such as {@code /config/db}
     * @param maxAttempts how many read-and-swap rounds to try, at least 1
     * @param fn the new value from the current one; may run more than once, must not return null
     * @throws IllegalArgumentException if {@code maxAttempts < 1}
     * @return the successful swap; fails with {@link ConcurrentUpdateException} when every attempt lost,
     *     {@link KeyNotFoundException} if the key does not exist
     */
    public CompletableFuture<ComparedThenSwapped> atomicUpdate(String key, int maxAttempts, UnaryOperator<String> fn) {
        Objects.requireNonNull(fn, "fn == null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
        }
        Key k = writable(key, "atomicUpdate");
        return attempt(k, fn, 1, maxAttempts);
    }

    private CompletableFuture<ComparedThenSwapped> attempt(Key key, UnaryOperator<String> fn, int attempt, int max) {
        return get(key.path()).thenCompose(got -> {
            Value current = got.node().asValue();
            String next = Objects.requireNonNull(fn.apply(current.value()), "atomicUpdate function returned null");
            return update(current, next).handle((swapped, error) -> {
                if (error == null) {
                    return CompletableFuture.completedFuture(swapped);
                }
                Throwable cause = Futures.unwrap(error);
                if (cause instanceof CompareFailedException lost) {
                    if (attempt >= max) {
                        return CompletableFuture.<ComparedThenSwapped>failedFuture(new ConcurrentUpdateException(
                                "atomicUpdate of " + key + " lost to concurrent writers " + attempt + " times", attempt, lost));
                    }
                    return attempt(key, fn, attempt + 1, max);
                }
                return CompletableFuture.<ComparedThenSwapped>failedFuture(cause);
            }).thenCompose(f -> f);
        });
    }

    /**
     * Sends a request built by hand (the escape hatch for combinations the methods above do not cover).
     *
     * @param request the request, from {@link EtcdRequest#newBuilder}
     * @return the result, typed by the action the server reports
     */
    public CompletableFuture<EtcdResult> execute(EtcdRequest request) {
        return call(EtcdResult.class, request);
    }

    private static Options unconditional(String call, Option.ForWrite... options) {
        Options o = Options.of(call, options);
        if (o.conditional()) {
            throw new IllegalArgumentException(call + " cannot take prevValue/prevIndex: etcd ignores them there");
        }
        return o;
    }

    private static Key writable(String key, String call) {
        Key k = Key.of(key);
        if (k.isRoot()) {
            throw new IllegalArgumentException(call + ": the root \"/\" is read-only");
        }
        return k;
    }

    private static String requireValue(String value) {
        Objects.requireNonNull(value, "value == null");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("value has an unpaired surrogate at index " + i
                        + ", which is not valid Unicode and cannot be sent as UTF-8");
            }
        }
        return value;
    }

    /**
     * The TTL to keep: the remaining TTL the server reported with the read (its own clock, rounded up to
     * a second), never computed from this machine's clock, which may be skewed against the server's. Under
     * a second left is kept as one second: a TTL of 0 would expire the key at once.
     */
    private static Duration remaining(Value read) {
        return read.ttl().filter(t -> t.getSeconds() > 0).orElse(Duration.ofSeconds(1));
    }

    private <T extends EtcdResult> CompletableFuture<T> call(Class<T> type, EtcdRequest.Builder request) {
        return call(type, request.build());
    }

    private <T extends EtcdResult> CompletableFuture<T> call(Class<T> type, EtcdRequest request) {
        if (blocking) {
            try {
                return CompletableFuture.completedFuture(expect(type, request, adapter.executeBlocking(request)));
            } catch (RuntimeException | Error e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return adapter.execute(request).thenApply(result -> expect(type, request, result));
    }

    private static <T extends EtcdResult> T expect(Class<T> type, EtcdRequest request, EtcdResult result) {
        {
            if (!type.isInstance(result)) {
                throw new EtcdProtocolException("expected a " + type.getSimpleName() + " result for "
                        + request.operation() + " " + request.key() + " but the server answered "
                        + (result == null ? "nothing" : result.action().wireName()), 0, null);
            }
            return type.cast(result);
        }
    }
}
