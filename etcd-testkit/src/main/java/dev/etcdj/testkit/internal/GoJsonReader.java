package dev.etcdj.testkit.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for the request bodies of the fake's cluster and auth endpoints: objects as
 * {@code Map}, arrays as {@code List}, strings, numbers as {@code Double}, booleans and {@link #NULL}.
 * Errors carry the text of Go's {@code encoding/json} for the common cases ({@code unexpected end of JSON
 * input}, {@code invalid character 'x' looking for beginning of value}). Depth is capped at 100.
 */
public final class GoJsonReader {
    /** JSON {@code null}. */
    public static final Object NULL = new Object();

    private final String s;
    private int i;
    private int depth;

    private GoJsonReader(String s) {
        this.s = s;
    }

    /** Parses a whole document. */
    public static Object parse(String text) {
        GoJsonReader r = new GoJsonReader(text);
        Object v = r.value();
        r.ws();
        if (r.i < text.length()) {
            throw new IllegalArgumentException("invalid character '" + text.charAt(r.i) + "' after top-level value");
        }
        return v;
    }

    private void ws() {
        while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
    }

    private char peek() {
        ws();
        if (i >= s.length()) {
            throw new IllegalArgumentException("unexpected end of JSON input");
        }
        return s.charAt(i);
    }

    private Object value() {
        char c = peek();
        if (++depth > 100) {
            throw new IllegalArgumentException("exceeded max depth");
        }
        try {
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return string();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", NULL);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw new IllegalArgumentException("invalid character '" + c + "' looking for beginning of value");
            }
        } finally {
            depth--;
        }
    }

    private Map<String, Object> object() {
        i++;
        Map<String, Object> m = new LinkedHashMap<>();
        if (peek() == '}') {
            i++;
            return m;
        }
        while (true) {
            if (peek() != '"') {
                throw new IllegalArgumentException("invalid character '" + s.charAt(i) + "' looking for beginning of object key string");
            }
            String k = string();
            if (peek() != ':') {
                throw new IllegalArgumentException("invalid character '" + s.charAt(i) + "' after object key");
            }
            i++;
            m.put(k, value());
            char c = peek();
            i++;
            if (c == '}') {
                return m;
            }
            if (c != ',') {
                throw new IllegalArgumentException("invalid character '" + c + "' after object key:value pair");
            }
        }
    }

    private List<Object> array() {
        i++;
        List<Object> l = new ArrayList<>();
        if (peek() == ']') {
            i++;
            return l;
        }
        while (true) {
            l.add(value());
            char c = peek();
            i++;
            if (c == ']') {
                return l;
            }
            if (c != ',') {
                throw new IllegalArgumentException("invalid character '" + c + "' after array element");
            }
        }
    }

    private String string() {
        StringBuilder sb = new StringBuilder();
        i++;
        while (true) {
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end of JSON input");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end of JSON input");
            }
            char e = s.charAt(i++);
            switch (e) {
                case 'n': sb.append('\n'); break;
                case 't': sb.append('\t'); break;
                case 'r': sb.append('\r'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'u':
                    if (i + 4 > s.length()) {
                        throw new IllegalArgumentException("unexpected end of JSON input");
                    }
                    try {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException("invalid character in \\u escape");
                    }
                    i += 4;
                    break;
                default: sb.append(e);
            }
        }
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, i)) {
            if (word.startsWith(s.substring(i))) {
                throw new IllegalArgumentException("unexpected end of JSON input");
            }
            throw new IllegalArgumentException("invalid character '" + s.charAt(i) + "' looking for beginning of value");
        }
        i += word.length();
        return v;
    }

    private Double number() {
        int start = i;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        try {
            return Double.valueOf(s.substring(start, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid number " + s.substring(start, i));
        }
    }
}
