package dev.etcdj.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A directory node. {@link #children()} holds what the server listed: the direct children (hidden ones
 * omitted by etcd), with sub-directories expanded only for a recursive read. The {@code node} and
 * {@code prevNode} of write results never list children.
 *
 * @param key the absolute key, {@code "/"} for the root
 * @param children the direct children, in the order the server sent them
 * @param createdIndex the index of the write that created the directory (0 for the root)
 * @param modifiedIndex the directory's modified index (never moves after creation; 0 for the root)
 * @param expiration when the directory expires, if it has a TTL
 * @param ttl the remaining TTL reported by the server, rounded up to a second
 */
public record Directory(String key, List<Node> children, long createdIndex, long modifiedIndex,
                        Optional<Instant> expiration, Optional<Duration> ttl) implements Node {

    /**
     * Checks the components and freezes the children.
     *
     * @param key the absolute key, {@code "/"} for the root
     * @param children the direct children, in the order the server sent them
     * @param createdIndex the index of the write that created the directory (0 for the root)
     * @param modifiedIndex the directory's modified index (never moves after creation; 0 for the root)
     * @param expiration when the directory expires, if it has a TTL
     * @param ttl the remaining TTL reported by the server, rounded up to a second
     */
    public Directory {
        Objects.requireNonNull(key, "key == null");
        children = List.copyOf(children);
        Objects.requireNonNull(expiration, "expiration == null");
        Objects.requireNonNull(ttl, "ttl == null");
    }

    /**
     * {@return every value below this directory, depth-first in listing order} Directories themselves are
     * never returned, so an empty directory yields nothing.
     */
    public List<Value> leaves() {
        List<Value> out = new ArrayList<>();
        Deque<Node> stack = new ArrayDeque<>();
        pushReversed(stack, children);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            if (n instanceof Value v) {
                out.add(v);
            } else {
                pushReversed(stack, ((Directory) n).children);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** {@return every node below this directory (directories and values), depth-first, parents first} */
    public List<Node> descendants() {
        List<Node> out = new ArrayList<>();
        Deque<Node> stack = new ArrayDeque<>();
        pushReversed(stack, children);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            out.add(n);
            if (n instanceof Directory d) {
                pushReversed(stack, d.children);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static void pushReversed(Deque<Node> stack, List<Node> nodes) {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            stack.push(nodes.get(i));
        }
    }

    /**
     * {@return the direct child named {@code name}, if it was listed}
     *
     * @param name a child's name (one key segment), such as {@code db} for {@code /config/db}
     */
    public Optional<Node> child(String name) {
        for (Node n : children) {
            if (n.name().equals(name)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /**
     * {@return the node at {@code relativePath} below this directory ({@code "db/url"}), if the listing
     * contains it} An empty path returns this directory.
     *
     * @param relativePath a path below this directory, such as {@code a/b}; empty for this directory
     */
    public Optional<Node> find(String relativePath) {
        Objects.requireNonNull(relativePath, "relativePath == null");
        Node current = this;
        for (String segment : relativePath.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (!(current instanceof Directory d)) {
                return Optional.empty();
            }
            Optional<Node> next = d.child(segment);
            if (next.isEmpty()) {
                return next;
            }
            current = next.get();
        }
        return Optional.of(current);
    }

    @Override
    public String toString() {
        return "Directory[" + key + ", " + children.size() + " children, created=" + createdIndex
                + expiration.map(e -> ", expires=" + e).orElse("") + "]";
    }
}
