package dev.etcdj.testkit.internal.v3;

import dev.etcdj.v3.ByteSequence;
import dev.etcdj.v3.KeyValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * etcd's multi-version key-value store ({@code server/storage/mvcc}: {@code kvstore.go}, {@code key_index.go}):
 * every write transaction that changes something makes one new revision; each key keeps its history as
 * entries by revision, a delete being a tombstone that ends the key's generation, so that a read at any
 * revision since the last compaction sees the store as it was. Keys are ordered by their bytes, unsigned.
 * The store starts at revision 1 with no keys, as a fresh etcd. Not thread-safe: {@code FakeEtcdV3}
 * serialises every call.
 */
public final class MvccStore {
    /** One revision of a key: a value, or the tombstone of a delete. */
    record Entry(long modRevision, long createRevision, long version, ByteSequence value, long lease, boolean tombstone) {
    }

    /**
     * One change, as a watch sees it ({@code mvcc/watchable_store.go}): {@code kv} null for a delete;
     * {@code prev} the key before, or null.
     */
    public record Event(long revision, ByteSequence key, KeyValue kv, KeyValue prev) {
    }

    private final TreeMap<ByteSequence, List<Entry>> keys = new TreeMap<>();
    /** Every change since the last compaction, in revision order, then in the order applied. */
    private final ArrayList<Event> log = new ArrayList<>();
    private long revision = 1;
    private long compacted;

    /** {@return the current revision} */
    public long revision() {
        return revision;
    }

    /** {@return the revision the history was last compacted at, 0 if never} */
    public long compacted() {
        return compacted;
    }

    /** {@return the key as it is at {@code at}, or null when it did not exist then} */
    KeyValue get(ByteSequence key, long at) {
        Entry e = entry(keys.get(key), at);
        return e == null ? null : kv(key, e);
    }

    /**
     * {@return the keys in {@code [key, end)} alive at {@code at}, in key order; {@code end} empty for
     * {@code key} alone, {@link ByteSequence#ZERO} for every key from {@code key} on}
     */
    List<KeyValue> range(ByteSequence key, ByteSequence end, long at) {
        List<KeyValue> out = new ArrayList<>();
        if (end.isEmpty()) {
            KeyValue kv = get(key, at);
            if (kv != null) {
                out.add(kv);
            }
            return out;
        }
        NavigableMap<ByteSequence, List<Entry>> span = end.equals(ByteSequence.ZERO) ? keys.tailMap(key, true)
                : key.compareTo(end) >= 0 ? new TreeMap<>() : keys.subMap(key, true, end, false);
        for (Map.Entry<ByteSequence, List<Entry>> k : span.entrySet()) {
            Entry e = entry(k.getValue(), at);
            if (e != null) {
                out.add(kv(k.getKey(), e));
            }
        }
        return out;
    }

    private static Entry entry(List<Entry> history, long at) {
        if (history == null) {
            return null;
        }
        for (int i = history.size() - 1; i >= 0; i--) {
            Entry e = history.get(i);
            if (e.modRevision() <= at) {
                return e.tombstone() ? null : e;
            }
        }
        return null;
    }

    private static KeyValue kv(ByteSequence key, Entry e) {
        return new KeyValue(key, e.value(), e.createRevision(), e.modRevision(), e.version(), e.lease());
    }

    /** Writes {@code key} at revision {@code at} (the write transaction's); returns the key before, or null. */
    KeyValue put(ByteSequence key, ByteSequence value, long lease, long at) {
        List<Entry> history = keys.computeIfAbsent(key, k -> new ArrayList<>());
        Entry prev = entry(history, at);
        Entry next = prev == null ? new Entry(at, at, 1, value, lease, false)
                : new Entry(at, prev.createRevision(), prev.version() + 1, value, lease, false);
        if (!history.isEmpty() && history.get(history.size() - 1).modRevision() == at) {
            history.set(history.size() - 1, next);   // a second write in one transaction (a nested one)
        } else {
            history.add(next);
        }
        KeyValue before = prev == null ? null : kv(key, prev);
        log.add(new Event(at, key, kv(key, next), before));
        return before;
    }

    /** Deletes the keys alive in the range at revision {@code at}; returns them as they were. */
    List<KeyValue> delete(ByteSequence key, ByteSequence end, long at) {
        List<KeyValue> gone = range(key, end, at);
        for (KeyValue kv : gone) {
            List<Entry> history = keys.get(kv.key());
            Entry tomb = new Entry(at, 0, 0, ByteSequence.EMPTY, 0, true);
            if (history.get(history.size() - 1).modRevision() == at) {
                history.set(history.size() - 1, tomb);
            } else {
                history.add(tomb);
            }
            log.add(new Event(at, kv.key(), null, kv));
        }
        return gone;
    }

    /** Ends a write transaction: a new revision if it changed anything. */
    void commit(boolean changed) {
        if (changed) {
            revision++;
        }
    }

    /**
     * Drops the history before {@code at}: each key keeps its entry current at {@code at} (none if that
     * is a tombstone) and the later ones. The caller has checked {@code compacted < at <= revision}.
     */
    void compact(long at) {
        Iterator<Map.Entry<ByteSequence, List<Entry>>> it = keys.entrySet().iterator();
        while (it.hasNext()) {
            List<Entry> history = it.next().getValue();
            int keep = 0;
            for (int i = 0; i < history.size(); i++) {
                if (history.get(i).modRevision() <= at) {
                    keep = i;
                }
            }
            List<Entry> rest = new ArrayList<>(history.subList(keep, history.size()));
            if (!rest.isEmpty() && rest.get(0).modRevision() <= at && rest.get(0).tombstone()) {
                rest.remove(0);
            }
            if (rest.isEmpty()) {
                it.remove();
            } else {
                history.clear();
                history.addAll(rest);
            }
        }
        // a watch from the compaction's own revision still gets that revision's changes, deletes included
        // (checked against etcd 3.5 by V3DifferentialProperties)
        log.removeIf(e -> e.revision() < at);
        compacted = at;
    }

    /** {@return the changes at {@code from} and after, in order} */
    public List<Event> eventsFrom(long from) {
        int lo = 0;
        int hi = log.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (log.get(mid).revision() < from) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return log.subList(lo, log.size());
    }

    /** {@return about how many bytes the history holds: keys, values and each entry's revisions} */
    long approximateBytes() {
        long n = 0;
        for (Map.Entry<ByteSequence, List<Entry>> k : keys.entrySet()) {
            for (Entry e : k.getValue()) {
                n += k.getKey().size() + e.value().size() + 48;
            }
        }
        return n;
    }

    /** {@return a CRC-32 of every entry at or before {@code upTo}, as etcd hashes its backend's revisions} */
    long hash(long upTo) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(40);
        for (Map.Entry<ByteSequence, List<Entry>> k : keys.entrySet()) {
            for (Entry e : k.getValue()) {
                if (e.modRevision() <= upTo) {
                    crc.update(k.getKey().toByteArray());
                    b.clear();
                    b.putLong(e.modRevision()).putLong(e.createRevision()).putLong(e.version()).putLong(e.lease())
                            .putLong(e.tombstone() ? 1 : 0);
                    crc.update(b.array(), 0, b.position());
                    crc.update(e.value().toByteArray());
                }
            }
        }
        return crc.getValue();
    }

    /** {@return whether {@code key} is in {@code [from, end)}, with {@code end} as in {@link #range}} */
    public static boolean inRange(ByteSequence key, ByteSequence from, ByteSequence end) {
        if (end.isEmpty()) {
            return key.equals(from);
        }
        return key.compareTo(from) >= 0 && (end.equals(ByteSequence.ZERO) || key.compareTo(end) < 0);
    }
}
