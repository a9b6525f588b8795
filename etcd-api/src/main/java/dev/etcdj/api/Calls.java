package dev.etcdj.api;

import dev.etcdj.api.spi.EtcdRequest;
import dev.etcdj.api.spi.EtcdRequest.Operation;
import dev.etcdj.api.spi.EtcdRequest.PrevExist;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Each facade call's arguments turned into a checked request and the result type its answer must have:
 * the one home of the rules {@link Etcd} (which sends them on the adapter's blocking path) and
 * {@link AsyncEtcd} (its asynchronous one) share. Every method checks before any I/O.
 *
 * <p>The checks here are the ones a caller can get wrong through the facade (a key, an option given
 * twice, a compare-and-swap without a condition); {@link EtcdRequest}'s constructor checks again, because
 * an adapter can also be handed a request built by hand.
 */
final class Calls {
    private Calls() {
    }

    /**
     * A checked request and the result type etcd's answer to it must have.
     *
     * @param <T> the result type
     * @param request the request
     * @param type the result type
     */
    record Call<T extends EtcdResult>(EtcdRequest request, Class<T> type) {
        /** {@return the result as its type}; an answer of another action is etcd misbehaving */
        T expect(EtcdResult result) {
            if (!type.isInstance(result)) {
                throw new EtcdProtocolException("expected a " + type.getSimpleName() + " result for "
                        + request.operation() + " " + request.key() + " but the server answered "
                        + (result == null ? "nothing" : result.action().wireName()), 0, null);
            }
            return type.cast(result);
        }
    }

    static Call<Got> get(String key, Option.ForGet... options) {
        return call(Got.class, Options.of("get", options).apply(EtcdRequest.newBuilder(Operation.GET, Key.of(key))));
    }

    static Call<Stored> set(String key, String value, Option.ForWrite... options) {
        return call(Stored.class, write("set", key, options).value(requireValue(value)));
    }

    static Call<Created> create(String key, String value, Option.ForWrite... options) {
        return call(Created.class, write("create", key, options).value(requireValue(value))
                .prevExist(PrevExist.MUST_NOT_EXIST));
    }

    static Call<Updated> update(String key, String value, Option.ForWrite... options) {
        return call(Updated.class, write("update", key, options).value(requireValue(value))
                .prevExist(PrevExist.MUST_EXIST));
    }

    static Call<ComparedThenSwapped> updateIfUnchanged(Value read, String newValue, Option.ForWrite... options) {
        Objects.requireNonNull(read, "read == null");
        Options o = Options.of("updateIfUnchanged", options);
        EtcdRequest.Builder b = o.apply(EtcdRequest.newBuilder(Operation.SET, writable(read.key(), "updateIfUnchanged")))
                .value(requireValue(newValue)).prevIndex(read.modifiedIndex());
        if (o.ttl == null && read.expiration().isPresent()) {
            b.ttl(remainingTtl(read));
        }
        return call(ComparedThenSwapped.class, b);
    }

    static Call<ComparedThenSwapped> compareAndSwap(String key, String value, Option.ForCompareAndSwap... options) {
        Options o = conditional("compareAndSwap", options);
        return call(ComparedThenSwapped.class, o.apply(EtcdRequest.newBuilder(Operation.SET, writable(key, "compareAndSwap")))
                .value(requireValue(value)));
    }

    static Call<Created> append(String dir, String value, Option.ForWrite... options) {
        return call(Created.class, Options.of("append", options)
                .apply(EtcdRequest.newBuilder(Operation.APPEND, Key.of(dir))).value(requireValue(value)));
    }

    static Call<Created> appendDirectory(String dir, Option.ForWrite... options) {
        return call(Created.class, Options.of("appendDirectory", options)
                .apply(EtcdRequest.newBuilder(Operation.APPEND, Key.of(dir))).dir(true));
    }

    static Call<Created> mkdir(String key, Option.ForWrite... options) {
        return call(Created.class, write("mkdir", key, options).dir(true).prevExist(PrevExist.MUST_NOT_EXIST));
    }

    static Call<Updated> updateDirectoryTtl(String key, Duration ttl, Option.Timeout... timeout) {
        return call(Updated.class, write("updateDirectoryTtl", key, timeout)
                .dir(true).prevExist(PrevExist.MUST_EXIST).ttl(new Option.Ttl(ttl).ttl()));
    }

    static Call<Updated> refresh(String key, Duration ttl, Option.Timeout... timeout) {
        return call(Updated.class, write("refresh", key, timeout)
                .refresh(true).prevExist(PrevExist.MUST_EXIST).ttl(new Option.Ttl(ttl).ttl()));
    }

    static Call<ComparedThenSwapped> compareAndRefresh(String key, Duration ttl, Option.ForCompare... options) {
        Options o = conditional("compareAndRefresh", options);
        return call(ComparedThenSwapped.class, o.apply(EtcdRequest.newBuilder(Operation.SET, writable(key, "compareAndRefresh")))
                .refresh(true).prevExist(PrevExist.MUST_EXIST).ttl(new Option.Ttl(ttl).ttl()));
    }

    static Call<Deleted> delete(String key, Option.ForDelete... options) {
        return call(Deleted.class, write("delete", Operation.DELETE, key, options));
    }

    static Call<ComparedThenDeleted> compareAndDelete(String key, Option.ForCompare... options) {
        Options o = conditional("compareAndDelete", options);
        return call(ComparedThenDeleted.class, o.apply(EtcdRequest.newBuilder(Operation.DELETE, writable(key, "compareAndDelete"))));
    }

    static Call<EtcdResult> waitFor(String key, Option.ForWait... options) {
        return call(EtcdResult.class, Options.of("waitFor", options).apply(EtcdRequest.newBuilder(Operation.WAIT, Key.of(key))));
    }

    static Call<EtcdResult> execute(EtcdRequest request) {
        return new Call<>(Objects.requireNonNull(request, "request == null"), EtcdResult.class);
    }

    /**
     * {@code removeTtl}: a read, then a write built from what was read.
     *
     * @param read the read of the node
     * @param key the node's key
     * @param timeout the caller's timeout, for the write
     */
    record RemoveTtl(Call<Got> read, Key key, Option.Timeout[] timeout) {
        /** {@return the write that makes the node read permanent: a compare-and-swap on a file's index} */
        Call<EtcdResult> write(Got got) {
            EtcdRequest.Builder b = Options.of("removeTtl", timeout).apply(EtcdRequest.newBuilder(Operation.SET, key));
            if (got.node() instanceof Value v) {
                b.value(v.value()).prevIndex(v.modifiedIndex());
            } else {
                b.dir(true).prevExist(PrevExist.MUST_EXIST);
            }
            return call(EtcdResult.class, b);
        }
    }

    static RemoveTtl removeTtl(String key, Option.Timeout... timeout) {
        Options.of("removeTtl", timeout);   // checked now, before the read
        Key k = writable(key, "removeTtl");
        return new RemoveTtl(get(k.path()), k, timeout == null ? new Option.Timeout[0] : timeout.clone());
    }

    /**
     * {@code atomicUpdate}: rounds of a read and a compare-and-swap on the index read.
     *
     * @param key the file's key
     * @param maxAttempts how many rounds to try
     * @param fn the new value from the current one
     */
    record AtomicUpdate(Key key, int maxAttempts, UnaryOperator<String> fn) {
        Call<Got> read() {
            return get(key.path());
        }

        /** {@return the swap of one round, from what it read} */
        Call<ComparedThenSwapped> swap(Got got) {
            Value current = got.node().asValue();
            String next = Objects.requireNonNull(fn.apply(current.value()), "atomicUpdate function returned null");
            return updateIfUnchanged(current, next);
        }

        /** {@return the failure after round {@code attempt} lost, or null when another round is due} */
        ConcurrentUpdateException lost(int attempt, CompareFailedException lost) {
            return attempt < maxAttempts ? null : new ConcurrentUpdateException(
                    "atomicUpdate of " + key + " lost to concurrent writers " + attempt + " times", attempt, lost);
        }
    }

    static AtomicUpdate atomicUpdate(String key, int maxAttempts, UnaryOperator<String> fn) {
        Objects.requireNonNull(fn, "fn == null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
        }
        return new AtomicUpdate(writable(key, "atomicUpdate"), maxAttempts, fn);
    }

    private static EtcdRequest.Builder write(String call, String key, Option... options) {
        return write(call, Operation.SET, key, options);
    }

    private static EtcdRequest.Builder write(String call, Operation operation, String key, Option... options) {
        Options o = Options.of(call, options);
        return o.apply(EtcdRequest.newBuilder(operation, writable(key, call)));
    }

    private static Options conditional(String call, Option... options) {
        Options o = Options.of(call, options);
        if (!o.conditional()) {
            throw new IllegalArgumentException(call + " needs prevValue(...) and/or prevIndex(...)");
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
    private static Duration remainingTtl(Value read) {
        return read.ttl().filter(t -> t.getSeconds() > 0).orElse(Duration.ofSeconds(1));
    }

    private static <T extends EtcdResult> Call<T> call(Class<T> type, EtcdRequest.Builder request) {
        return new Call<>(request.build(), type);
    }
}
