package dev.etcdj.testkit.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;

/** A node of the v2 store (etcd's {@code node.go}): a key or a directory, with its indexes and expiry. Not thread-safe. */
final class StoreNode {
    final String path;
    final StoreNode parent;
    final boolean dir;
    String value;
    final long createdIndex;
    long modifiedIndex;
    Instant expireTime;
    final LinkedHashMap<String, StoreNode> children;

    StoreNode(String path, StoreNode parent, boolean dir, String value, long index, Instant expireTime) {
        this.path = path;
        this.parent = parent;
        this.dir = dir;
        this.value = value;
        this.createdIndex = index;
        this.modifiedIndex = index;
        this.expireTime = expireTime;
        this.children = dir ? new LinkedHashMap<>() : null;
    }

    String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The node as the store answers it: children unless hidden, sorted or in the seeded listing order, recursively if asked. */
    Store.NodeView view(boolean expandTop, boolean recursive, boolean sorted, String key, java.util.Random listingOrder,
                        java.util.function.ToLongFunction<Instant> ttl) {
        StoreNode n = this;
        List<Store.NodeView> nodes = null;
        if (n.dir && (expandTop || recursive)) {
            nodes = new ArrayList<>();
            for (StoreNode child : n.children.values()) {
                if (!child.name().startsWith("_")) {
                    nodes.add(child.view(false, recursive, sorted, child.path, listingOrder, ttl));
                }
            }
            if (sorted) {
                nodes.sort(Comparator.comparing(Store.NodeView::key, Store::compareBytes));
            } else if (nodes.size() > 1) {
                java.util.Collections.shuffle(nodes, listingOrder);
            }
        }
        return new Store.NodeView(key, n.dir ? null : n.value, n.dir, n.expireTime, ttl.applyAsLong(n.expireTime), nodes,
                n.modifiedIndex, n.createdIndex);
    }

    /** The whole subtree, hidden nodes included, children in byte order. */
    Store.NodeView dump(java.util.function.ToLongFunction<Instant> ttl) {
        List<Store.NodeView> nodes = null;
        if (dir) {
            nodes = new ArrayList<>();
            List<StoreNode> sortedChildren = new ArrayList<>(children.values());
            sortedChildren.sort(Comparator.comparing(c -> c.path, Store::compareBytes));
            for (StoreNode c : sortedChildren) {
                nodes.add(c.dump(ttl));
            }
        }
        return new Store.NodeView(path, value, dir, expireTime, ttl.applyAsLong(expireTime), nodes, modifiedIndex, createdIndex);
    }
}
