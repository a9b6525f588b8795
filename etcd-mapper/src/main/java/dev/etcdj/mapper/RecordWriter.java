package dev.etcdj.mapper;

import static dev.etcdj.api.Option.*;

import dev.etcdj.api.Directory;
import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdException;
import dev.etcdj.api.EtcdServerException;
import dev.etcdj.api.Key;
import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.Node;
import dev.etcdj.api.NodeExistsException;
import dev.etcdj.api.Option;
import dev.etcdj.api.RaftInternalException;
import dev.etcdj.api.Value;
import dev.etcdj.mapper.internal.Revision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The write protocol of a {@link Repository}, one record at a time:
 *
 * <ol>
 *   <li><b>Claim.</b> Create {@code ~lock} (create-only, with a TTL: the write lease) holding a fresh owner
 *       id. While it exists no other writer starts; if its holder dies it expires and the record can be
 *       taken over. A claim is renewed (a conditional refresh on the owner id, which also checks it is still
 *       ours) before every leaf write, so a writer that lost its claim stops before touching a leaf.</li>
 *   <li><b>Begin.</b> Swap {@code ~rev} to the next revision, dirty, carrying the last clean state (see
 *       {@link Revision}), guarded by its index. Readers from now on return that clean state.</li>
 *   <li><b>Apply</b> the difference leaf by leaf: compare-and-swap, create-only, compare-and-delete.</li>
 *   <li><b>Finish.</b> Swap {@code ~rev} to the clean new revision, guarded by the index of the begin, and
 *       delete the claim.</li>
 * </ol>
 *
 * <p>A failure at any step deletes the claim (best effort), leaving the record dirty: readers keep
 * returning its last clean state, and the next writer rolls it forward to its own version.
 */
final class RecordWriter {
    private static final long SETTLE_NANOS = 2_000_000_000L;

    private final Etcd etcd;
    private final Duration lease;

    RecordWriter(Etcd etcd, Duration lease) {
        this.etcd = etcd;
        this.lease = lease;
    }

    /** A claim on one record, and the record as read after claiming it (null if it does not exist). */
    final class Claim implements AutoCloseable {
        final String dir;
        final String owner;
        final Directory current;
        private boolean released;

        private Claim(String dir, String owner, Directory current) {
            this.dir = dir;
            this.owner = owner;
            this.current = current;
        }

        /** Renews the claim and checks it is still ours. */
        void renew() {
            try {
                etcd.compareAndRefresh(dir + "/" + Revision.LOCK, lease, prevValue(owner));
            } catch (KeyNotFoundException | dev.etcdj.api.CompareFailedException e) {
                throw new RecordConflictException(dir + ": this writer lost its claim on the record (its write lease of "
                        + lease + " ran out, or the record was deleted) and stopped before writing further leaves", e);
            }
        }

        @Override
        public void close() {
            if (released) {
                return;
            }
            released = true;
            try {
                etcd.compareAndDelete(dir + "/" + Revision.LOCK, prevValue(owner));
            } catch (EtcdException e) {
                // Expires with its lease; readers are not affected either way.
            }
        }
    }

    /**
     * Claims {@code dir}, waiting up to 2 s for a live writer to finish; creates the directory with
     * {@code newTtl} first if it does not exist and a TTL is given.
     *
     * @throws RecordConflictException if another writer holds it throughout
     */
    Claim claim(String dir, Duration newTtl) {
        String owner = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + SETTLE_NANOS;
        for (int attempt = 0; ; attempt++) {
            Optional<Directory> before = read(dir);
            if (before.isEmpty() && newTtl != null) {
                try {
                    etcd.mkdir(dir, ttl(newTtl));
                } catch (NodeExistsException e) {
                    // created meanwhile: claim it as it is
                }
            }
            if (before.isEmpty() || before.get().child(Revision.LOCK).isEmpty()) {
                try {
                    etcd.create(dir + "/" + Revision.LOCK, owner, ttl(lease));
                    return new Claim(dir, owner, read(dir).orElse(null));
                } catch (NodeExistsException e) {
                    // another writer was faster
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new RecordConflictException(dir + " is being written by another client, which did not finish "
                        + "within 2 s (a writer that died releases it when its write lease of " + lease + " runs out)", null);
            }
            pause(attempt, dir);
        }
    }

    Optional<Directory> read(String dir) {
        try {
            Node n = etcd.get(dir, recursive(), sorted()).node();
            if (!(n instanceof Directory d)) {
                throw new MappingException(dir + " is a value, not a record directory");
            }
            return Optional.of(d);
        } catch (KeyNotFoundException e) {
            return Optional.empty();
        }
    }

    private static void pause(int attempt, String what) {
        try {
            Thread.sleep(Math.min(50, 1L << Math.min(attempt, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.etcdj.api.EtcdInterruptedException("interrupted while waiting to write " + what, e);
        }
    }

    /**
     * Writes {@code leaves} (relative path to value, {@code null} for an empty directory) into the claimed
     * record, and sets its TTL when the record type has one.
     */
    void write(Claim c, Map<String, String> leaves, boolean hasTtl, Duration ttl) {
        String dir = c.dir;
        Directory current = c.current;
        Map<String, Value> oldLeaves = new TreeMap<>();
        List<String> oldDirs = new ArrayList<>();
        if (current != null) {
            existing(current, dir, oldLeaves, oldDirs);
        }
        for (String rel : oldLeaves.keySet()) {
            checkKey(dir, rel, "a stored leaf to remove");
        }
        Optional<Node> revNode = current == null ? Optional.empty() : current.child(Revision.LEAF);
        Revision rev = revNode.filter(n -> n instanceof Value).map(n -> Revision.parse(((Value) n).value())).orElse(null);
        Optional<Map<String, String>> lastClean;
        if (rev != null && rev.dirty()) {
            lastClean = rev.lastClean();
        } else if (rev != null || !oldLeaves.isEmpty()) {
            lastClean = Optional.of(Revision.leaves(current));
        } else {
            lastClean = Optional.empty();
        }
        long next = (rev == null ? 0 : rev.number()) + 1;
        String revKey = dir + "/" + Revision.LEAF;
        try {
            c.renew();
            String dirty = new Revision(next, true, lastClean).format();
            long begun = revNode.isPresent()
                    ? etcd.compareAndSwap(revKey, dirty, prevIndex(revNode.get().modifiedIndex())).node().modifiedIndex()
                    : etcd.create(revKey, dirty).node().modifiedIndex();
            for (Map.Entry<String, Value> old : oldLeaves.entrySet()) {
                if (!leaves.containsKey(old.getKey()) || leaves.get(old.getKey()) == null) {
                    c.renew();
                    etcd.compareAndDelete(dir + "/" + old.getKey(), prevIndex(old.getValue().modifiedIndex()));
                }
            }
            oldDirs.sort(Comparator.comparingInt(String::length).reversed());
            for (String d : oldDirs) {
                if (!leaves.containsKey(d) && leaves.keySet().stream().noneMatch(k -> k.startsWith(d + "/"))) {
                    c.renew();
                    etcd.delete(dir + "/" + d, Option.dir());
                }
            }
            for (Map.Entry<String, String> leaf : leaves.entrySet()) {
                Value old = oldLeaves.get(leaf.getKey());
                if (leaf.getValue() == null) {
                    if (!oldDirs.contains(leaf.getKey())) {
                        c.renew();
                        etcd.mkdir(dir + "/" + leaf.getKey());
                    }
                } else if (old == null) {
                    c.renew();
                    etcd.create(dir + "/" + leaf.getKey(), leaf.getValue());
                } else if (!leaf.getValue().equals(old.value())) {
                    c.renew();
                    etcd.compareAndSwap(dir + "/" + leaf.getKey(), leaf.getValue(), prevIndex(old.modifiedIndex()));
                }
            }
            if (current != null && hasTtl && (ttl != null || current.expiration().isPresent())) {
                c.renew();
                if (ttl != null) {
                    etcd.updateDirectoryTtl(dir, ttl);
                } else {
                    etcd.removeTtl(dir);
                }
            }
            etcd.compareAndSwap(revKey, Revision.clean(next).format(), prevIndex(begun));
        } catch (RaftInternalException e) {
            throw e;
        } catch (EtcdServerException e) {
            throw new RecordConflictException("another client wrote " + dir + " concurrently (" + e.getMessage()
                    + "); this write stopped, readers keep seeing the last complete version", e);
        }
    }

    /** Checks that {@code dir/rel} is a key this client can address, before anything is written. */
    static void checkKey(String dir, String rel, String what) {
        try {
            Key.of(dir + "/" + rel);
        } catch (IllegalArgumentException e) {
            throw new MappingException(dir + ": " + what + " is not a valid key (" + e.getMessage() + ")", e);
        }
    }

    private static void existing(Directory d, String root, Map<String, Value> leaves, List<String> dirs) {
        for (Node n : d.descendants()) {
            String rel = n.key().substring(root.length() + 1);
            if (rel.equals(Revision.LEAF) || rel.equals(Revision.LOCK)) {
                continue;
            }
            if (n instanceof Value v) {
                leaves.put(rel, v);
            } else {
                dirs.add(rel);
            }
        }
    }
}
