package dev.etcdj.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An absolute, validated etcd key path such as {@code /config/db/url}.
 *
 * <p>{@link #of(String)} adds a missing leading {@code /} and drops one trailing {@code /}. It rejects
 * what etcd would silently redirect or misread: empty segments ({@code //}), {@code .} and {@code ..}
 * segments, control characters and unpaired surrogates. Any other character, including space, {@code %},
 * {@code ?}, {@code #}, {@code +}, {@code &} and all of Unicode, is allowed: transports encode each
 * segment so that the key round-trips. A key can never contain {@code /} inside a segment.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param path the normalised path: {@code "/"} for the root, otherwise {@code "/a/b"}
 */
public record Key(String path) {

    /** The root of the key space, {@code /}. */
    public static final Key ROOT = new Key("/");

    /**
     * Checks that {@code path} is already normalised; prefer {@link #of(String)}.
     *
     * @param path the normalised path: {@code "/"} for the root, otherwise {@code "/a/b"}
     */
    public Key {
        Objects.requireNonNull(path, "path == null");
        if (!path.equals(normalise(path))) {
            throw new IllegalArgumentException("key is not normalised: \"" + path + "\"; use Key.of(...)");
        }
    }

    /**
     * {@return the key for {@code path}, normalised}
     *
     * @param path the path, such as {@code /config/db}
     * @throws IllegalArgumentException naming the key and the rule it breaks
     */
    public static Key of(String path) {
        Objects.requireNonNull(path, "key == null");
        return new Key(normalise(path));
    }

    private static String normalise(String raw) {
        String p = raw.startsWith("/") ? raw : "/" + raw;
        if (p.contains("//")) {
            throw invalid(raw, "it has an empty segment (\"//\"), which etcd redirects instead of serving");
        }
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals("/")) {
            return p;
        }
        int start = 1;
        while (start <= p.length()) {
            int end = p.indexOf('/', start);
            if (end < 0) {
                end = p.length();
            }
            checkSegment(raw, p, start, end);
            start = end + 1;
        }
        return p;
    }

    private static void checkSegment(String raw, String p, int start, int end) {
        if (start == end) {
            throw invalid(raw, "it has an empty segment (\"//\"), which etcd redirects instead of serving");
        }
        int len = end - start;
        if ((len == 1 && p.charAt(start) == '.') || (len == 2 && p.startsWith("..", start))) {
            throw invalid(raw, "it has a \".\" or \"..\" segment, which etcd redirects instead of serving");
        }
        for (int i = start; i < end; i++) {
            char c = p.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw invalid(raw, "it has a control character (U+" + String.format("%04X", (int) c)
                        + ") at index " + (i - (p.length() - raw.length())));
            }
            if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(p.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw invalid(raw, "it has an unpaired surrogate, which is not valid Unicode");
            }
        }
    }

    private static IllegalArgumentException invalid(String raw, String why) {
        return new IllegalArgumentException("invalid etcd key \"" + printable(raw) + "\": " + why);
    }

    private static String printable(String raw) {
        StringBuilder b = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** {@return whether this is the root, {@code /}} */
    public boolean isRoot() {
        return path.length() == 1;
    }

    /** {@return the segments of the path: empty for the root, {@code [a, b]} for {@code /a/b}} */
    public List<String> segments() {
        if (isRoot()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            out.add(path.substring(start, end));
            start = end + 1;
        }
        return Collections.unmodifiableList(out);
    }

    /** {@return the last segment, or {@code ""} for the root} */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** {@return the parent key; the root's parent is the root} */
    public Key parent() {
        int slash = path.lastIndexOf('/');
        return slash == 0 ? ROOT : new Key(path.substring(0, slash));
    }

    /**
     * {@return the key of a child or descendant: {@code Key.of("/a").resolve("b/c")} is {@code /a/b/c}}
     *
     * @param relative a relative path, such as {@code b/c}
     * @throws IllegalArgumentException if {@code relative} does not make a valid key
     */
    public Key resolve(String relative) {
        Objects.requireNonNull(relative, "relative == null");
        return Key.of(isRoot() ? "/" + relative : path + "/" + relative);
    }

    /**
     * {@return whether this key lies strictly below {@code ancestor}}
     *
     * @param ancestor the key that may contain this one
     */
    public boolean isDescendantOf(Key ancestor) {
        return ancestor.isRoot() ? !isRoot() : path.startsWith(ancestor.path) && path.length() > ancestor.path.length()
                && path.charAt(ancestor.path.length()) == '/';
    }

    /** {@return whether the node is hidden from listings: its name starts with {@code _}} */
    public boolean isHidden() {
        return name().startsWith("_");
    }

    @Override
    public String toString() {
        return path;
    }
}
