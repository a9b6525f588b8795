package dev.etcdj.mapper.internal;

import dev.etcdj.api.Directory;
import dev.etcdj.api.Node;
import dev.etcdj.api.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The value of a record's {@code ~rev} leaf. Clean: {@code "7"}, the record's leaves are revision 7.
 * Dirty (a write to revision 8 is under way, or died): {@code "8~"} followed by the <b>last clean state</b>,
 * {@code "-"} when there was none (a record being created), else {@code "+"} and the leaves as
 * length-prefixed pairs ({@code L<n>:<path><m>:<value>}, {@code D<n>:<path>} for an empty directory). So a
 * reader that finds a record mid-write, or left half-written by a dead writer, returns that clean state
 * and never a mix of two writes.
 *
 * @param number the revision
 * @param dirty whether a write is under way (or died) on top of it
 * @param lastClean when dirty: the last clean state, relative paths to values ({@code null} for an empty
 *     directory); empty when the record did not exist before the write
 */
public record Revision(long number, boolean dirty, Optional<Map<String, String>> lastClean) {
    /** The name of the revision leaf. */
    public static final String LEAF = "~rev";
    /** The name of the writers' lease leaf: present, with a TTL, while a live writer holds the record. */
    public static final String LOCK = "~lock";

    /** Returns a clean revision. */
    public static Revision clean(long number) {
        return new Revision(number, false, Optional.empty());
    }

    /** Returns the value to store. */
    public String format() {
        if (!dirty) {
            return Long.toString(number);
        }
        StringBuilder sb = new StringBuilder().append(number).append('~');
        if (lastClean.isEmpty()) {
            return sb.append('-').toString();
        }
        sb.append('+');
        for (Map.Entry<String, String> e : lastClean.get().entrySet()) {
            sb.append(e.getValue() == null ? 'D' : 'L').append(e.getKey().length()).append(':').append(e.getKey());
            if (e.getValue() != null) {
                sb.append(e.getValue().length()).append(':').append(e.getValue());
            }
        }
        return sb.toString();
    }

    /** Parses a stored value; anything unreadable is a dirty revision 0 with no clean state. */
    public static Revision parse(String text) {
        int tilde = text.indexOf('~');
        if (tilde < 0) {
            return clean(number(text));
        }
        long n = number(text.substring(0, tilde));
        if (tilde + 1 >= text.length() || text.charAt(tilde + 1) != '+') {
            return new Revision(n, true, Optional.empty());
        }
        Map<String, String> leaves = new TreeMap<>();
        int i = tilde + 2;
        try {
            while (i < text.length()) {
                char kind = text.charAt(i++);
                int colon = text.indexOf(':', i);
                int len = Integer.parseInt(text.substring(i, colon));
                String path = text.substring(colon + 1, colon + 1 + len);
                i = colon + 1 + len;
                String value = null;
                if (kind == 'L') {
                    colon = text.indexOf(':', i);
                    len = Integer.parseInt(text.substring(i, colon));
                    value = text.substring(colon + 1, colon + 1 + len);
                    i = colon + 1 + len;
                }
                leaves.put(path, value);
            }
        } catch (RuntimeException e) {
            return new Revision(n, true, Optional.empty());
        }
        return new Revision(n, true, Optional.of(leaves));
    }

    private static long number(String t) {
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Returns the leaves of a record directory as relative paths to values ({@code null} for a directory
     * with no leaves below it), without the {@code ~rev} and {@code ~lock} leaves.
     */
    public static Map<String, String> leaves(Directory record) {
        Map<String, String> out = new TreeMap<>();
        String root = record.key();
        for (Node n : record.descendants()) {
            String rel = n.key().substring(root.length() + 1);
            if (rel.equals(LEAF) || rel.equals(LOCK)) {
                continue;
            }
            if (n instanceof Value v) {
                out.put(rel, v.value());
            } else if (n instanceof Directory d && d.children().isEmpty()) {
                out.put(rel, null);
            }
        }
        return out;
    }

    /**
     * Builds a record directory at {@code key} from relative paths to values (a {@code null} value is an
     * empty directory; the directories in between are implied), with the given expiration.
     */
    public static Directory tree(String key, Map<String, String> leaves, Optional<Instant> expiration) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(leaves).entrySet()) {
            String[] parts = e.getKey().split("/");
            Map<String, Object> at = root;
            for (int i = 0; i < parts.length - 1; i++) {
                at = sub(at, parts[i]);
            }
            if (e.getValue() == null) {
                sub(at, parts[parts.length - 1]);
            } else {
                at.put(parts[parts.length - 1], e.getValue());
            }
        }
        Optional<Duration> ttl = expiration.map(t -> {
            long millis = Duration.between(Instant.now(), t).toMillis();
            return Duration.ofSeconds(Math.max(0, (millis + 999) / 1000));
        });
        return build(key, root, expiration, ttl);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sub(Map<String, Object> at, String name) {
        Object o = at.get(name);
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        at.put(name, m);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Directory build(String key, Map<String, Object> tree, Optional<Instant> exp, Optional<Duration> ttl) {
        List<Node> children = new ArrayList<>();
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            String k = key + "/" + e.getKey();
            if (e.getValue() instanceof String v) {
                children.add(Value.of(k, v, 0, 0));
            } else {
                children.add(build(k, (Map<String, Object>) e.getValue(), Optional.empty(), Optional.empty()));
            }
        }
        return new Directory(key, children, 0, 0, exp, ttl);
    }
}
