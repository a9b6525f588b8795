package dev.etcdj.api;

import dev.etcdj.api.spi.EtcdAdapter;
import dev.etcdj.api.internal.Futures;
import dev.etcdj.api.spi.EtcdRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * An etcd v2 client: every key operation, blocking. The same operations are available asynchronously
 * through {@link #async()}.
 *
 * <pre>{@code
 * import static dev.etcdj.api.Option.*;
 *
 * try (Etcd etcd = EtcdHttp.connect("http://127.0.0.1:2379")) {
 *     etcd.set("/hello", "world");
 *     String v = etcd.get("/hello").node().asValue().value();
 *     etcd.set("/lease", "me", ttl(Duration.ofSeconds(30)), prevValue("old"));   // compare-and-swap
 *     Created job = etcd.append("/queue", "job-1");                              // in-order key
 *     try (Watch watch = etcd.watch("/config", recursive())) {
 *         for (WatchEvent event : watch) { ... }
 *     }
 * }
 * }</pre>
 *
 * <p>Bad arguments (a malformed key, an impossible option combination) throw
 * {@link IllegalArgumentException} before any I/O. Every other failure is an unchecked
 * {@link EtcdException}: a server error such as {@link KeyNotFoundException}, or
 * {@link EtcdTimeoutException}, {@link EtcdConnectionException}, {@link EtcdProtocolException}. Every call
 * has a deadline (the adapter's default, or {@link Option#timeout}) except the one-shot {@link #waitFor},
 * which waits for as long as it takes unless given one; a watch's long polls end after 60 s by default and
 * are re-armed from the same index. Blocking calls are interruptible: the request is cancelled and
 * {@link EtcdInterruptedException} thrown with the interrupt status kept.
 *
 * <p>Thread-safe: share one instance. {@link #close()} closes the adapter.
 */
public final class Etcd implements AutoCloseable {
    /** How many events a {@link Watch} fetches ahead of its consumer by default. */
    public static final int DEFAULT_WATCH_BUFFER = 256;

    private final EtcdAdapter adapter;
    private final AsyncEtcd async;
    /** The same operations on the adapter's blocking path: no thread hand-off for a single call. */
    private final AsyncEtcd direct;

    private Etcd(EtcdAdapter adapter) {
        this.adapter = adapter;
        this.async = new AsyncEtcd(adapter, false);
        this.direct = new AsyncEtcd(adapter, true);
    }

    /**
     * {@return a client over {@code adapter}; closing the client closes the adapter}
     *
     * @param adapter the transport, such as {@code EtcdHttp.newBuilder(...).build()}
     */
    public static Etcd of(EtcdAdapter adapter) {
        return new Etcd(Objects.requireNonNull(adapter, "adapter == null"));
    }

    /** {@return the cluster and stats calls: members, leader, stats, version, health} */
    public dev.etcdj.api.admin.EtcdCluster cluster() {
        return new dev.etcdj.api.admin.EtcdCluster(adapter);
    }

    /** {@return the v2 auth calls: enable and disable, users, roles and their permissions} */
    public dev.etcdj.api.admin.EtcdAuth auth() {
        return new dev.etcdj.api.admin.EtcdAuth(adapter);
    }

    /** {@return the asynchronous face of this client} */
    public AsyncEtcd async() {
        return async;
    }

    /** {@return the adapter this client sends through} */
    public EtcdAdapter adapter() {
        return adapter;
    }

    /**
     * Reads {@code key}: a value, or a directory with its children (all levels with {@code recursive()}).
     *
     * @param key the key, such as {@code /config/db}
     * @param options {@code recursive()}, {@code sorted()}, {@code quorum()}, {@code timeout(...)}
     * @return the node read, a {@link Value} or a {@link Directory}
     * @throws KeyNotFoundException if there is no such key
     */
    public Got get(String key, Option.ForGet... options) {
        return await(direct.get(key, options));
    }

    /**
     * {@return whether {@code key} exists}
     *
     * @param key the key, such as {@code /config/db}
     */
    public boolean exists(String key) {
        return await(direct.exists(key));
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
     * @throws CompareFailedException if a condition did not hold
     * @throws NotAFileException if {@code key} is a directory
     */
    public EtcdResult set(String key, String value, Option.ForWrite... options) {
        return await(direct.set(key, value, options));
    }

    /**
     * Creates {@code key} with {@code value}.
     *
     * @param key the key, such as {@code /config/db}
     * @param value the value, any string
     * @param options {@code ttl(...)}, {@code noValueOnSuccess()}, {@code timeout(...)}; no conditions
     * @return the node created
     * @throws NodeExistsException if the key exists
     */
    public Created create(String key, String value, Option.ForWrite... options) {
        return await(direct.create(key, value, options));
    }

    /**
     * Replaces the value of the existing file {@code key}, keeping its {@code createdIndex}. With a condition
     * it is a compare-and-swap.
     *
     * @param key the key, such as {@code /config/db}
     * @param value the new value
     * @param options {@code ttl(...)}, {@code prevValue(...)}, {@code prevIndex(...)}, {@code noValueOnSuccess()},
     *     {@code timeout(...)}
     * @return an {@link Updated}, or a {@link ComparedThenSwapped} with a condition
     * @throws KeyNotFoundException if the key does not exist
     * @throws CompareFailedException if a condition did not hold
     */
    public EtcdResult update(String key, String value, Option.ForWrite... options) {
        return await(direct.update(key, value, options));
    }

    /**
     * Writes {@code newValue} over a value read earlier, only if nobody changed it since
     * ({@code prevIndex} = its {@code modifiedIndex}). A TTL the node had is kept unless {@code ttl()} is
     * given: the remaining TTL the server reported with the read, at least a second.
     *
     * @param read the value as read, by {@link #get} for example
     * @param newValue the value to write
     * @param options {@code ttl(...)}, {@code noValueOnSuccess()}, {@code timeout(...)}; the condition is the read's
     *     index, so no {@code prevValue}/{@code prevIndex}
     * @return the swap
     * @throws CompareFailedException if the node changed since it was read
     */
    public ComparedThenSwapped update(Value read, String newValue, Option.ForWrite... options) {
        return await(direct.update(read, newValue, options));
    }

    /**
     * Writes {@code value} only if the conditions hold ({@code prevValue()}, {@code prevIndex()}, or both).
     *
     * @param key the key, such as {@code /config/db}
     * @param value the new value
     * @param options at least one of {@code prevValue(...)}, {@code prevIndex(...)}; {@code ttl(...)}, {@code
     *     noValueOnSuccess()}, {@code timeout(...)}
     * @return the swap
     * @throws CompareFailedException if a condition did not hold
     * @throws IllegalArgumentException without a condition
     */
    public ComparedThenSwapped compareAndSwap(String key, String value, Option.ForWrite... options) {
        return await(direct.compareAndSwap(key, value, options));
    }

    /**
     * Creates an in-order key below the directory {@code dir} (created if missing): its name is the creation
     * index, zero-padded to 20 digits, so names sort in creation order.
     *
     * @param dir the directory, such as {@code /queue}
     * @param value the new key's value
     * @param options {@code ttl(...)}, {@code noValueOnSuccess()}, {@code timeout(...)}; no conditions
     * @return the node created, with its generated key
     */
    public Created append(String dir, String value, Option.ForWrite... options) {
        return await(direct.append(dir, value, options));
    }

    /**
     * Creates an in-order directory below {@code dir}, named as {@link #append} names keys.
     *
     * @param dir the parent directory, such as {@code /jobs}
     * @param options {@code ttl(...)}, {@code timeout(...)}; no conditions
     * @return the directory created, with its generated key
     */
    public Created appendDirectory(String dir, Option.ForWrite... options) {
        return await(direct.appendDirectory(dir, options));
    }

    /**
     * Creates the directory {@code key}, and any missing parents.
     *
     * @param key the directory's key, such as {@code /config}
     * @param options {@code ttl(...)}, {@code timeout(...)}; no conditions
     * @return the directory created
     * @throws NodeExistsException if the key exists
     */
    public Created mkdir(String key, Option.ForWrite... options) {
        return await(direct.mkdir(key, options));
    }

    /**
     * Sets the TTL of the existing directory {@code key}; its children are kept.
     *
     * @param key the directory's key
     * @param ttl the new time to live, in whole seconds
     * @param timeout an optional {@code timeout(...)}
     * @return the directory updated
     * @throws KeyNotFoundException if the directory does not exist
     * @throws NotADirectoryException if {@code key} is a file
     */
    public Updated updateDirectoryTtl(String key, Duration ttl, Option.Timeout... timeout) {
        return await(direct.updateDirectoryTtl(key, ttl, timeout));
    }

    /**
     * Makes {@code key} permanent, keeping its value or children. For a file this is a compare-and-swap on
     * the value just read, so a concurrent write makes it fail rather than be overwritten.
     *
     * @param key the key of a file or directory
     * @param timeout an optional {@code timeout(...)}
     * @return the write: a {@link ComparedThenSwapped} for a file, an {@link Updated} for a directory
     * @throws KeyNotFoundException if the key does not exist
     * @throws CompareFailedException if the file changed between the read and the write
     */
    public EtcdResult removeTtl(String key, Option.Timeout... timeout) {
        return await(direct.removeTtl(key, timeout));
    }

    /**
     * Resets the TTL of the existing node {@code key} to {@code ttl}, keeping its value and
     * {@code createdIndex}, without waking watchers. {@code prevValue()}/{@code prevIndex()} make it
     * conditional.
     *
     * @param key the key of a file or directory
     * @param ttl the new time to live, in whole seconds
     * @param options {@code prevValue(...)}, {@code prevIndex(...)}, {@code timeout(...)}; the TTL is the argument,
     *     not {@code ttl(...)}
     * @return an {@link Updated}, or a {@link ComparedThenSwapped} with a condition
     * @throws KeyNotFoundException if the key does not exist
     */
    public EtcdResult refresh(String key, Duration ttl, Option.ForWrite... options) {
        return await(direct.refresh(key, ttl, options));
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
     * @throws KeyNotFoundException if the key does not exist
     * @throws DirectoryNotEmptyException for a directory with children, without {@code recursive()}
     */
    public EtcdResult delete(String key, Option.ForDelete... options) {
        return await(direct.delete(key, options));
    }

    /**
     * Deletes the file {@code key} only if the conditions hold.
     *
     * @param key the file's key
     * @param options at least one of {@code prevValue(...)}, {@code prevIndex(...)}; {@code timeout(...)}
     * @return the delete
     * @throws CompareFailedException if a condition did not hold
     * @throws IllegalArgumentException without a condition
     */
    public ComparedThenDeleted compareAndDelete(String key, Option.ForDelete... options) {
        return await(direct.compareAndDelete(key, options));
    }

    /**
     * Waits for one event on {@code key} (or below it, with {@code recursive()}): the first with an index of
     * at least {@code waitIndex()}, or the next one. No deadline unless {@code timeout()} is given; for a
     * stream of events use {@link #watch}.
     *
     * @param key the key to watch
     * @param options {@code recursive()}, {@code waitIndex(...)}, {@code timeout(...)}
     * @return the event's result: its action, node and previous node
     * @throws EventIndexClearedException if {@code waitIndex} is older than the server's event history
     * @throws EtcdTimeoutException if {@code timeout} passed without an event
     */
    public EtcdResult waitFor(String key, Option.ForWait... options) {
        return await(direct.waitFor(key, options));
    }

    /**
     * Starts a continuous watch of {@code key} that fetches at most {@link #DEFAULT_WATCH_BUFFER} events
     * ahead of its consumer. Without {@code waitIndex()}/{@code afterIndex()} it delivers every event after
     * this call returns. See {@link Watch} for the guarantees; close it when done.
     *
     * @param key the key to watch
     * @param options {@code recursive()}, {@code waitIndex(...)}, {@code afterIndex(...)}, {@code timeout(...)}
     *     (each long poll), {@code maxOutage(...)}
     * @return the watch, an iterator of events
     */
    public Watch watch(String key, Option.ForWatch... options) {
        return watch(key, DEFAULT_WATCH_BUFFER, options);
    }

    /**
     * Starts a continuous watch that fetches at most {@code buffer} events ahead of its consumer.
     *
     * @param key the key to watch
     * @param buffer how many events may wait for the consumer, at least 1
     * @param options as for {@link #watch(String, Option.ForWatch...)}
     * @return the watch, an iterator of events
     * @throws IllegalArgumentException if {@code buffer < 1}
     */
    public Watch watch(String key, int buffer, Option.ForWatch... options) {
        if (buffer < 1) {
            throw new IllegalArgumentException("buffer < 1: " + buffer);
        }
        return Watch.start(Key.of(key), async.watchFromNow(key, options), buffer);
    }

    /**
     * Reads the file {@code key}, applies {@code fn} to its value and writes the result with a
     * compare-and-swap on the index read, retrying from the read up to 5 times when another writer got there
     * first. Keeps a TTL the node had.
     *
     * @param key the file's key
     * @param fn the new value from the current one; may run more than once, must not return null
     * @return the successful swap
     * @throws ConcurrentUpdateException when every attempt lost to another writer
     * @throws KeyNotFoundException if the key does not exist
     */
    public ComparedThenSwapped atomicUpdate(String key, UnaryOperator<String> fn) {
        return atomicUpdate(key, 5, fn);
    }

    /**
     * Reads the file {@code key}, applies {@code fn} to its value and writes the result with a
     * compare-and-swap on the index read, retrying from the read up to {@code maxAttempts} times when another
     * writer got there first. Keeps a TTL the node had.
     *
     * @param key the file's key
     * @param maxAttempts how many read-and-swap rounds to try, at least 1
     * @param fn the new value from the current one; may run more than once, must not return null
     * @return the successful swap
     * @throws ConcurrentUpdateException when every attempt lost to another writer
     * @throws KeyNotFoundException if the key does not exist
     * @throws IllegalArgumentException if {@code maxAttempts < 1}
     */
    public ComparedThenSwapped atomicUpdate(String key, int maxAttempts, UnaryOperator<String> fn) {
        return await(direct.atomicUpdate(key, maxAttempts, fn));
    }

    /**
     * Sends a request built by hand: the escape hatch for combinations the methods above do not cover.
     *
     * @param request the request, from {@link EtcdRequest#newBuilder}
     * @return the result, typed by the action the server reports
     */
    public EtcdResult execute(EtcdRequest request) {
        return await(direct.execute(request));
    }

    /** Closes the adapter: its connections and threads. */
    @Override
    public void close() {
        adapter.close();
    }

    @Override
    public String toString() {
        return "Etcd[" + adapter + "]";
    }

    static <T> T await(CompletableFuture<T> future) {
        return Futures.await(future);
    }
}
