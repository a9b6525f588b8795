package dev.etcdj.api;

import dev.etcdj.api.spi.EtcdAdapter;
import dev.etcdj.api.spi.EtcdRequest;
import java.time.Duration;
import java.util.Objects;
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
 *     String v = etcd.get("/hello").value();
 *     etcd.compareAndSwap("/lease", "me", ttl(Duration.ofSeconds(30)), prevValue("old"));
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

    private Etcd(EtcdAdapter adapter) {
        this.adapter = adapter;
        this.async = new AsyncEtcd(adapter);
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
        return run(Calls.get(key, options));
    }

    /**
     * {@return whether {@code key} exists}
     *
     * @param key the key, such as {@code /config/db}
     */
    public boolean exists(String key) {
        try {
            run(Calls.get(key));
            return true;
        } catch (KeyNotFoundException e) {
            return false;
        }
    }

    /**
     * Writes {@code value} at {@code key}, replacing a file (as a new node) or creating it and any missing
     * parent directories. Without {@code ttl()} the node is permanent, even if it had a TTL. A
     * conditional write is {@link #compareAndSwap}.
     *
     * @param key the key, such as {@code /config/db}
     * @param value the value, any string
     * @param options {@code ttl(...)}, {@code noValueOnSuccess()}, {@code timeout(...)}
     * @return the write; {@link Stored#prevNode()} is the file replaced, absent when the key was new
     * @throws NotAFileException if {@code key} is a directory
     */
    public Stored set(String key, String value, Option.ForWrite... options) {
        return run(Calls.set(key, value, options));
    }

    /**
     * Creates {@code key} with {@code value}.
     *
     * @param key the key, such as {@code /config/db}
     * @param value the value, any string
     * @param options {@code ttl(...)}, {@code noValueOnSuccess()}, {@code timeout(...)}
     * @return the node created
     * @throws NodeExistsException if the key exists
     */
    public Created create(String key, String value, Option.ForWrite... options) {
        return run(Calls.create(key, value, options));
    }

    /**
     * Replaces the value of the existing file {@code key}, keeping its {@code createdIndex}. A conditional
     * write is {@link #compareAndSwap} or {@link #updateIfUnchanged}.
     *
     * @param key the key, such as {@code /config/db}
     * @param value the new value
     * @param options {@code ttl(...)}, {@code noValueOnSuccess()}, {@code timeout(...)}
     * @return the update
     * @throws KeyNotFoundException if the key does not exist
     */
    public Updated update(String key, String value, Option.ForWrite... options) {
        return run(Calls.update(key, value, options));
    }

    /**
     * Writes {@code newValue} over a value read earlier, only if nobody changed it since
     * ({@code prevIndex} = its {@code modifiedIndex}). A TTL the node had is kept unless {@code ttl()} is
     * given: the remaining TTL the server reported with the read, at least a second.
     *
     * @param read the value as read, by {@link #get} for example
     * @param newValue the value to write
     * @param options {@code ttl(...)}, {@code noValueOnSuccess()}, {@code timeout(...)}; the condition is the
     *     read's index
     * @return the swap
     * @throws CompareFailedException if the node changed since it was read
     */
    public ComparedThenSwapped updateIfUnchanged(Value read, String newValue, Option.ForWrite... options) {
        return run(Calls.updateIfUnchanged(read, newValue, options));
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
    public ComparedThenSwapped compareAndSwap(String key, String value, Option.ForCompareAndSwap... options) {
        return run(Calls.compareAndSwap(key, value, options));
    }

    /**
     * Creates an in-order key below the directory {@code dir} (created if missing): its name is the creation
     * index, zero-padded to 20 digits, so names sort in creation order.
     *
     * @param dir the directory, such as {@code /queue}
     * @param value the new key's value
     * @param options {@code ttl(...)}, {@code noValueOnSuccess()}, {@code timeout(...)}
     * @return the node created, with its generated key
     */
    public Created append(String dir, String value, Option.ForWrite... options) {
        return run(Calls.append(dir, value, options));
    }

    /**
     * Creates an in-order directory below {@code dir}, named as {@link #append} names keys.
     *
     * @param dir the parent directory, such as {@code /jobs}
     * @param options {@code ttl(...)}, {@code timeout(...)}
     * @return the directory created, with its generated key
     */
    public Created appendDirectory(String dir, Option.ForWrite... options) {
        return run(Calls.appendDirectory(dir, options));
    }

    /**
     * Creates the directory {@code key}, and any missing parents.
     *
     * @param key the directory's key, such as {@code /config}
     * @param options {@code ttl(...)}, {@code timeout(...)}
     * @return the directory created
     * @throws NodeExistsException if the key exists
     */
    public Created mkdir(String key, Option.ForWrite... options) {
        return run(Calls.mkdir(key, options));
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
        return run(Calls.updateDirectoryTtl(key, ttl, timeout));
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
        Calls.RemoveTtl r = Calls.removeTtl(key, timeout);
        return run(r.write(run(r.read())));
    }

    /**
     * Resets the TTL of the existing node {@code key} to {@code ttl}, keeping its value and
     * {@code createdIndex}, without waking watchers. A conditional refresh is {@link #compareAndRefresh}.
     *
     * @param key the key of a file or directory
     * @param ttl the new time to live, in whole seconds
     * @param timeout an optional {@code timeout(...)}
     * @return the update
     * @throws KeyNotFoundException if the key does not exist
     */
    public Updated refresh(String key, Duration ttl, Option.Timeout... timeout) {
        return run(Calls.refresh(key, ttl, timeout));
    }

    /**
     * Resets the TTL of the file {@code key} only if the conditions hold, as {@link #refresh} otherwise: how
     * a lock or lease holder renews what it still owns.
     *
     * @param key the file's key, such as {@code /locks/job}
     * @param ttl the new time to live, in whole seconds
     * @param options at least one of {@code prevValue(...)}, {@code prevIndex(...)}; {@code timeout(...)}
     * @return the refresh, which etcd reports as a compare-and-swap
     * @throws CompareFailedException if a condition did not hold
     * @throws KeyNotFoundException if the key does not exist
     * @throws IllegalArgumentException without a condition
     */
    public ComparedThenSwapped compareAndRefresh(String key, Duration ttl, Option.ForCompare... options) {
        return run(Calls.compareAndRefresh(key, ttl, options));
    }

    /**
     * Deletes {@code key}: a file; an empty directory with {@code dir()}; a whole subtree with
     * {@code recursive()}. A conditional delete is {@link #compareAndDelete}.
     *
     * @param key the key, such as {@code /config/db}
     * @param options {@code dir()}, {@code recursive()}, {@code timeout(...)}
     * @return the delete
     * @throws KeyNotFoundException if the key does not exist
     * @throws DirectoryNotEmptyException for a directory with children, without {@code recursive()}
     */
    public Deleted delete(String key, Option.ForDelete... options) {
        return run(Calls.delete(key, options));
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
    public ComparedThenDeleted compareAndDelete(String key, Option.ForCompare... options) {
        return run(Calls.compareAndDelete(key, options));
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
        return run(Calls.waitFor(key, options));
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
        Calls.AtomicUpdate u = Calls.atomicUpdate(key, maxAttempts, fn);
        for (int attempt = 1; ; attempt++) {
            try {
                return run(u.swap(run(u.read())));
            } catch (CompareFailedException lost) {
                ConcurrentUpdateException failure = u.lost(attempt, lost);
                if (failure != null) {
                    throw failure;
                }
            }
        }
    }

    /**
     * Sends a request built by hand: the escape hatch for combinations the methods above do not cover.
     *
     * @param request the request, from {@link EtcdRequest#newBuilder}
     * @return the result, typed by the action the server reports
     */
    public EtcdResult execute(EtcdRequest request) {
        return run(Calls.execute(request));
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

    /** The blocking path: the adapter's {@code executeBlocking}, on this thread, no future made. */
    private <T extends EtcdResult> T run(Calls.Call<T> call) {
        return call.expect(adapter.executeBlocking(call.request()));
    }
}
