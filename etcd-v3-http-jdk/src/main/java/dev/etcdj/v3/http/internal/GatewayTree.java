package dev.etcdj.v3.http.internal;

import dev.etcdj.api.EtcdProtocolException;
import dev.etcdj.http.internal.JsonReader;
import dev.etcdj.v3.ByteSequence;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A JSON value of a gateway answer and the path it was found at. Reads the proto3 JSON mapping: a field
 * left out is its zero value, 64-bit integers come as strings (or bare numbers), bytes as base64. A value
 * of the wrong shape fails with {@link EtcdProtocolException} naming the call and the path, never showing
 * the value (keys and values may be secrets).
 */
final class GatewayTree {
    private final Object value;
    private final String path;

    private GatewayTree(Object value, String path) {
        this.value = value;
        this.path = path;
    }

    static GatewayTree parse(byte[] body, int length, String what) {
        try {
            JsonReader r = new JsonReader(body, 0, length);
            Object tree = r.readTree();
            r.finish();
            return new GatewayTree(tree, what + ": $");
        } catch (EtcdProtocolException e) {
            throw new EtcdProtocolException(what + ": not JSON (" + length + " bytes): " + e.getMessage(), 0, e);
        }
    }

    static GatewayTree of(Object value, String path) {
        return new GatewayTree(value, path);
    }

    String path() {
        return path;
    }

    EtcdProtocolException wrong(String expected) {
        String found = value instanceof Map ? "an object" : value instanceof List ? "an array"
                : value instanceof String ? "a string" : value instanceof Boolean ? "a boolean"
                : value instanceof JsonReader.JsonNumber ? "a number" : "null";
        return new EtcdProtocolException(path + ": expected " + expected + " but found " + found, 0, null);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object() {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw wrong("an object");
    }

    boolean has(String name) {
        return object().containsKey(name);
    }

    /** {@return the field, or null when absent (its zero value)} */
    GatewayTree optional(String name) {
        Map<String, Object> m = object();
        return m.containsKey(name) ? new GatewayTree(m.get(name), path + "." + name) : null;
    }

    /** {@return the field's elements; none when absent} */
    List<GatewayTree> list(String name) {
        GatewayTree t = optional(name);
        List<GatewayTree> out = new ArrayList<>();
        if (t == null) {
            return out;
        }
        if (!(t.value instanceof List<?> l)) {
            throw t.wrong("an array");
        }
        for (int i = 0; i < l.size(); i++) {
            out.add(new GatewayTree(l.get(i), t.path + "[" + i + "]"));
        }
        return out;
    }

    /** {@return a signed 64-bit field, 0 when absent} */
    long int64(String name) {
        GatewayTree t = optional(name);
        return t == null ? 0 : t.number(false);
    }

    /** {@return an unsigned 64-bit field (an id) as its bits, 0 when absent} */
    long uint64(String name) {
        GatewayTree t = optional(name);
        return t == null ? 0 : t.number(true);
    }

    private long number(boolean unsigned) {
        String text = value instanceof String s ? s : value instanceof JsonReader.JsonNumber n ? n.text() : null;
        if (text == null) {
            throw wrong("an integer");
        }
        try {
            return unsigned ? Long.parseUnsignedLong(text) : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw wrong(unsigned ? "an unsigned 64-bit integer" : "a 64-bit integer");
        }
    }

    /** {@return a boolean field, false when absent} */
    boolean bool(String name) {
        GatewayTree t = optional(name);
        if (t == null) {
            return false;
        }
        if (!(t.value instanceof Boolean b)) {
            throw t.wrong("a boolean");
        }
        return b;
    }

    /** {@return a string field, empty when absent} */
    String text(String name) {
        GatewayTree t = optional(name);
        if (t == null) {
            return "";
        }
        if (!(t.value instanceof String s)) {
            throw t.wrong("a string");
        }
        return s;
    }

    /** {@return a bytes field (base64), empty when absent} */
    ByteSequence bytes(String name) {
        GatewayTree t = optional(name);
        return t == null ? ByteSequence.EMPTY : t.asBytes();
    }

    /** {@return this value as bytes (base64)} */
    ByteSequence asBytes() {
        if (!(value instanceof String s)) {
            throw wrong("base64 text");
        }
        try {
            return ByteSequence.of(Base64.getDecoder().decode(s));
        } catch (IllegalArgumentException e) {
            throw wrong("base64 text");
        }
    }

    /** {@return this value as a string} */
    String asText() {
        if (!(value instanceof String s)) {
            throw wrong("a string");
        }
        return s;
    }

    /** {@return a field of strings, none when absent} */
    List<String> texts(String name) {
        List<String> out = new ArrayList<>();
        for (GatewayTree t : list(name)) {
            out.add(t.asText());
        }
        return out;
    }
}
