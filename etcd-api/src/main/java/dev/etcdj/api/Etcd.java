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

    /** Returns a client over {@code adapter}; closing the client closes the adapter. */
    public static Etcd of(EtcdAdapter adapter) {
        return new Etcd(Objects.requireNonNull(adapter, "adapter == null"));
    }

    /** Returns the cluster and stats calls: members, leader, stats, version, health. */
    public dev.etcdj.api.admin.EtcdCluster cluster() {
        return new dev.etcdj.api.admin.EtcdCluster(adapter);
    }

    /** Returns the v2 auth calls: enable and disable, users, roles and their permissions. */
    public dev.etcdj.api.admin.EtcdAuth auth() {
        return new dev.etcdj.api.admin.EtcdAuth(adapter);
    }

    /** Returns the asynchronous face of this client. */
    public AsyncEtcd async() {
        return async;
    }

    /** Returns the adapter this client sends through. */
    public EtcdAdapter adapter() {
        return adapter;
    }

    /** See {@link AsyncEtcd#get}. */
    public Got get(String key, Option.ForGet... options) {
        return await(direct.get(key, options));
    }

    /** See {@link AsyncEtcd#exists}. */
    public boolean exists(String key) {
        return await(direct.exists(key));
    }

    /** See {@link AsyncEtcd#set}. */
    public EtcdResult set(String key, String value, Option.ForWrite... options) {
        return await(direct.set(key, value, options));
    }

    /** See {@link AsyncEtcd#create}. */
    public Created create(String key, String value, Option.ForWrite... options) {
        return await(direct.create(key, value, options));
    }

    /** See {@link AsyncEtcd#update(String, String, Option.ForWrite...)}. */
    public EtcdResult update(String key, String value, Option.ForWrite... options) {
        return await(direct.update(key, value, options));
    }

    /** See {@link AsyncEtcd#update(Value, String, Option.ForWrite...)}. */
    public ComparedThenSwapped update(Value read, String newValue, Option.ForWrite... options) {
        return await(direct.update(read, newValue, options));
    }

    /** See {@link AsyncEtcd#compareAndSwap}. */
    public ComparedThenSwapped compareAndSwap(String key, String value, Option.ForWrite... options) {
        return await(direct.compareAndSwap(key, value, options));
    }

    /** See {@link AsyncEtcd#append}. */
    public Created append(String dir, String value, Option.ForWrite... options) {
        return await(direct.append(dir, value, options));
    }

    /** See {@link AsyncEtcd#appendDirectory}. */
    public Created appendDirectory(String dir, Option.ForWrite... options) {
        return await(direct.appendDirectory(dir, options));
    }

    /** See {@link AsyncEtcd#mkdir}. */
    public Created mkdir(String key, Option.ForWrite... options) {
        return await(direct.mkdir(key, options));
    }

    /** See {@link AsyncEtcd#updateDirectoryTtl}. */
    public Updated updateDirectoryTtl(String key, Duration ttl, Option.Timeout... timeout) {
        return await(direct.updateDirectoryTtl(key, ttl, timeout));
    }

    /** See {@link AsyncEtcd#removeTtl}. */
    public EtcdResult removeTtl(String key, Option.Timeout... timeout) {
        return await(direct.removeTtl(key, timeout));
    }

    /** See {@link AsyncEtcd#refresh}. */
    public EtcdResult refresh(String key, Duration ttl, Option.ForWrite... options) {
        return await(direct.refresh(key, ttl, options));
    }

    /** See {@link AsyncEtcd#delete}. */
    public EtcdResult delete(String key, Option.ForDelete... options) {
        return await(direct.delete(key, options));
    }

    /** See {@link AsyncEtcd#compareAndDelete}. */
    public ComparedThenDeleted compareAndDelete(String key, Option.ForDelete... options) {
        return await(direct.compareAndDelete(key, options));
    }

    /** See {@link AsyncEtcd#waitFor}. */
    public EtcdResult waitFor(String key, Option.ForWait... options) {
        return await(direct.waitFor(key, options));
    }

    /** Starts a continuous watch of {@code key}; see {@link Watch}. Close it when done. */
    public Watch watch(String key, Option.ForWatch... options) {
        return watch(key, DEFAULT_WATCH_BUFFER, options);
    }

    /**
     * Starts a continuous watch that fetches at most {@code buffer} events ahead of its consumer.
     *
     * @throws IllegalArgumentException if {@code buffer < 1}
     */
    public Watch watch(String key, int buffer, Option.ForWatch... options) {
        if (buffer < 1) {
            throw new IllegalArgumentException("buffer < 1: " + buffer);
        }
        return Watch.start(Key.of(key), async.watchFromNow(key, options), buffer);
    }

    /** See {@link AsyncEtcd#atomicUpdate}; this form makes at most 5 attempts. */
    public ComparedThenSwapped atomicUpdate(String key, UnaryOperator<String> fn) {
        return atomicUpdate(key, 5, fn);
    }

    /** See {@link AsyncEtcd#atomicUpdate}. */
    public ComparedThenSwapped atomicUpdate(String key, int maxAttempts, UnaryOperator<String> fn) {
        return await(direct.atomicUpdate(key, maxAttempts, fn));
    }

    /** See {@link AsyncEtcd#execute}. */
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
