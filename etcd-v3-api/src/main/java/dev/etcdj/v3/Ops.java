package dev.etcdj.v3;

import dev.etcdj.v3.KvOption.SortOrder;
import dev.etcdj.v3.KvOption.SortTarget;
import dev.etcdj.v3.spi.WatchRequest;
import java.util.Objects;

/** Options applied to operations: the one home of the checks {@link Op}'s factories make. */
final class Ops {
    private Ops() {
    }

    static Op.Get get(ByteSequence key, KvOption.ForGet... options) {
        key(key);
        ByteSequence end = ByteSequence.EMPTY;
        long limit = 0;
        long revision = 0;
        SortTarget target = SortTarget.KEY;
        SortOrder order = SortOrder.NONE;
        boolean serializable = false;
        boolean keysOnly = false;
        boolean countOnly = false;
        long minMod = 0;
        long maxMod = 0;
        long minCreate = 0;
        long maxCreate = 0;
        java.util.List<Class<?>> seen = new java.util.ArrayList<>(4);
        for (KvOption.ForGet o : options(options)) {
            once(seen, o, "get");
            if (o instanceof KvOption.Limit l) {
                limit = l.count();
            } else if (o instanceof KvOption.AtRevision r) {
                revision = r.revision();
            } else if (o instanceof KvOption.Sort s) {
                target = s.target();
                order = s.order();
            } else if (o instanceof KvOption.Serializable) {
                serializable = true;
            } else if (o instanceof KvOption.KeysOnly) {
                keysOnly = true;
            } else if (o instanceof KvOption.CountOnly) {
                countOnly = true;
            } else if (o instanceof KvOption.ModRevisions m) {
                minMod = m.min();
                maxMod = m.max();
            } else if (o instanceof KvOption.CreateRevisions c) {
                minCreate = c.min();
                maxCreate = c.max();
            } else {
                end = end(key, (KvOption) o, end, "get");
            }
        }
        return new Op.Get(key, end, limit, revision, target, order, serializable, keysOnly, countOnly,
                minMod, maxMod, minCreate, maxCreate);
    }

    static Op.Put put(ByteSequence key, ByteSequence value, KvOption.ForPut... options) {
        long lease = 0;
        boolean prevKv = false;
        boolean ignoreValue = false;
        boolean ignoreLease = false;
        java.util.List<Class<?>> seen = new java.util.ArrayList<>(4);
        for (KvOption.ForPut o : options(options)) {
            once(seen, o, "put");
            if (o instanceof KvOption.Lease l) {
                lease = l.id();
            } else if (o instanceof KvOption.PrevKv) {
                prevKv = true;
            } else if (o instanceof KvOption.IgnoreValue) {
                ignoreValue = true;
            } else {
                ignoreLease = true;
            }
        }
        return new Op.Put(key, value, lease, prevKv, ignoreValue, ignoreLease);
    }

    static Op.Delete delete(ByteSequence key, KvOption.ForDelete... options) {
        key(key);
        ByteSequence end = ByteSequence.EMPTY;
        boolean prevKv = false;
        java.util.List<Class<?>> seen = new java.util.ArrayList<>(4);
        for (KvOption.ForDelete o : options(options)) {
            once(seen, o, "delete");
            if (o instanceof KvOption.PrevKv) {
                prevKv = true;
            } else {
                end = end(key, (KvOption) o, end, "delete");
            }
        }
        return new Op.Delete(key, end, prevKv);
    }

    static WatchRequest watch(ByteSequence key, KvOption.ForWatch... options) {
        key(key);
        ByteSequence end = ByteSequence.EMPTY;
        long start = 0;
        boolean prevKv = false;
        boolean noPut = false;
        boolean noDelete = false;
        boolean progress = false;
        java.util.List<Class<?>> seen = new java.util.ArrayList<>(4);
        for (KvOption.ForWatch o : options(options)) {
            once(seen, o, "watch");
            if (o instanceof KvOption.FromRevision r) {
                start = r.revision();
            } else if (o instanceof KvOption.PrevKv) {
                prevKv = true;
            } else if (o instanceof KvOption.NoPut) {
                noPut = true;
            } else if (o instanceof KvOption.NoDelete) {
                noDelete = true;
            } else if (o instanceof KvOption.ProgressNotify) {
                progress = true;
            } else {
                end = end(key, (KvOption) o, end, "watch");
            }
        }
        require(!(noPut && noDelete), "watch: noPut() with noDelete() leaves nothing to watch");
        return new WatchRequest(key, end, start, prevKv, noPut, noDelete, progress);
    }

    /** The range end a scope option gives; only one scope per call. */
    private static ByteSequence end(ByteSequence key, KvOption scope, ByteSequence current, String call) {
        if (!current.isEmpty()) {
            throw new IllegalArgumentException(call + ": one of prefix(), rangeEnd(...), fromKey() at most");
        }
        if (scope instanceof KvOption.Prefix) {
            return key.prefixEnd();
        }
        if (scope instanceof KvOption.FromKey) {
            return ByteSequence.ZERO;
        }
        ByteSequence end = ((KvOption.RangeEnd) scope).end();
        if (end.compareTo(key) <= 0 && !end.equals(ByteSequence.ZERO)) {
            throw new IllegalArgumentException(call + ": the range end " + end + " is not after the key " + key
                    + ", so the range would be empty");
        }
        return end;
    }

    private static <T> T[] options(T[] options) {
        Objects.requireNonNull(options, "options == null");
        for (T o : options) {
            Objects.requireNonNull(o, "option == null");
        }
        return options;
    }

    /** Refuses an option given twice (two of the same record class), or two scopes. */
    private static void once(java.util.List<Class<?>> seen, Object option, String call) {
        Class<?> kind = option.getClass();
        if (seen.contains(kind)) {
            throw new IllegalArgumentException(call + ": option " + kind.getSimpleName() + " given twice");
        }
        seen.add(kind);
    }

    static ByteSequence key(ByteSequence key) {
        Objects.requireNonNull(key, "key == null");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a key is at least one byte (etcd: \"key is not provided\")");
        }
        return key;
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
