package dev.etcdj.http.internal;

import dev.etcdj.api.EtcdProtocolException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JSON value of an admin answer with the path it was found at, read with {@link JsonReader#readTree()}.
 * Every accessor checks the shape and fails with an {@link EtcdProtocolException} that names the call and
 * the path ({@code GET /v2/members: $.members[0].id: expected a string}).
 */
final class AdminTree {
    private final Object value;
    private final String path;

    private AdminTree(Object value, String path) {
        this.value = value;
        this.path = path;
    }

    static AdminTree parse(LimitedBody.Bytes body, String what) {
        try {
            JsonReader r = new JsonReader(body.array(), 0, body.length());
            Object tree = r.readTree();
            r.finish();
            return new AdminTree(tree, what + ": $");
        } catch (EtcdProtocolException e) {
            throw new EtcdProtocolException(what + ": not JSON (" + body.length() + " bytes): " + e.getMessage(), 0, e);
        }
    }

    String path() {
        return path;
    }

    private EtcdProtocolException wrong(String expected) {
        return new EtcdProtocolException(path + ": expected " + expected + " but found "
                + (value instanceof Map ? "an object" : value instanceof List ? "an array" : String.valueOf(value).length() > 40
                        ? "a long value" : "\"" + EtcdJson.excerpt(String.valueOf(value)) + "\""), 0, null);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object() {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw wrong("an object");
    }

    AdminTree field(String name) {
        Map<String, Object> m = object();
        if (!m.containsKey(name)) {
            throw new EtcdProtocolException(path + ": the field \"" + name + "\" is missing", 0, null);
        }
        return new AdminTree(m.get(name), path + "." + name);
    }

    AdminTree optional(String name) {
        Map<String, Object> m = object();
        return m.containsKey(name) && m.get(name) != JsonReader.NULL ? new AdminTree(m.get(name), path + "." + name) : null;
    }

    List<Map.Entry<String, AdminTree>> entries() {
        List<Map.Entry<String, AdminTree>> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : object().entrySet()) {
            out.add(Map.entry(e.getKey(), new AdminTree(e.getValue(), path + "." + e.getKey())));
        }
        return out;
    }

    List<AdminTree> list() {
        if (!(value instanceof List<?> l)) {
            throw wrong("an array");
        }
        List<AdminTree> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            out.add(new AdminTree(l.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    /** An array, or an empty one for JSON {@code null} (Go's nil slice). */
    List<AdminTree> listOrEmpty() {
        return isNull() ? List.of() : list();
    }

    boolean isNull() {
        return value == JsonReader.NULL;
    }

    boolean isText() {
        return value instanceof String;
    }

    String text() {
        if (value instanceof String s) {
            return s;
        }
        throw wrong("a string");
    }

    long number() {
        if (value instanceof JsonReader.JsonNumber n) {
            try {
                return n.asLong();
            } catch (NumberFormatException e) {
                throw wrong("an integer");
            }
        }
        throw wrong("a number");
    }

    double decimal() {
        if (value instanceof JsonReader.JsonNumber n) {
            try {
                return Double.parseDouble(n.text());
            } catch (NumberFormatException e) {
                throw wrong("a number");
            }
        }
        throw wrong("a number");
    }

    boolean bool() {
        if (value instanceof Boolean b) {
            return b;
        }
        throw wrong("true or false");
    }

    Instant instant() {
        try {
            return Instant.parse(text());
        } catch (DateTimeParseException e) {
            throw wrong("an RFC 3339 time");
        }
    }
}
