package dev.etcdj.http.internal;

import dev.etcdj.api.EtcdProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pull parser over a UTF-8 byte array, in the spirit of minimal-json's recursive descent: the caller
 * walks objects and arrays and reads values straight into its own model, so no tree is built on the hot
 * path. Integers are parsed exactly as 64-bit values; strings are decoded without an intermediate copy
 * when they hold no escape. Every error is an {@link EtcdProtocolException} that says what was expected,
 * where (offset, line:column) and at which path ({@code $.node.nodes[2].key}). Not thread-safe.
 */
public final class JsonReader {
    /** Nesting limit: deeper documents are rejected rather than risk the stack. */
    public static final int MAX_DEPTH = 256;

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private final byte[] b;
    private final int end;
    private int pos;
    private int depth;
    private final boolean[] isArray = new boolean[MAX_DEPTH + 1];
    private final int[] counts = new int[MAX_DEPTH + 1];
    /** The current member name per level: the decoded text, or null with the known name in {@link #known}. */
    private final String[] names = new String[MAX_DEPTH + 1];
    private final byte[][][] known = new byte[MAX_DEPTH + 1][][];
    private final int[] knownIndex = new int[MAX_DEPTH + 1];

    /** Reads {@code length} bytes of {@code bytes} from {@code offset}. */
    public JsonReader(byte[] bytes, int offset, int length) {
        this.b = bytes;
        this.pos = offset;
        this.end = offset + length;
    }

    /** Reads a whole array. */
    public JsonReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    // ---- structure ---------------------------------------------------------------------------------

    /** Consumes {@code {}. */
    public void beginObject() {
        expectAfterWs('{', "an object");
        push(false);
    }

    /** Consumes {@code [}. */
    public void beginArray() {
        expectAfterWs('[', "an array");
        push(true);
    }

    private void push(boolean array) {
        if (depth >= MAX_DEPTH) {
            throw error("Nesting deeper than " + MAX_DEPTH + " levels");
        }
        depth++;
        isArray[depth] = array;
        counts[depth] = 0;
        names[depth] = null;
        known[depth] = null;
    }

    /**
     * Returns whether the current object or array has another member, consuming the separating comma;
     * at the end, consumes the closing bracket and returns {@code false}.
     */
    public boolean hasNext() {
        int c = skipWs();
        char close = isArray[depth] ? ']' : '}';
        if (c == close) {
            pos++;
            depth--;
            return false;
        }
        if (counts[depth] > 0) {
            if (c != ',') {
                throw error("Expected ',' or '" + close + "'");
            }
            pos++;
            c = skipWs();
        }
        if (c == -1) {
            throw error("Unterminated " + (isArray[depth] ? "array" : "object"));
        }
        counts[depth]++;
        return true;
    }

    /**
     * Reads a member name and its colon. Returns the index of the name in {@code known}, or -1 for any
     * other name (which the caller then skips with {@link #skipValue()}).
     */
    public int nextName(byte[][] names) {
        return name(names);
    }

    private int name(byte[][] known) {
        if (skipWs() != '"') {
            throw error("Expected a member name");
        }
        int start = pos + 1;
        int i = start;
        while (i < end && b[i] != '"' && b[i] != '\\') {
            i++;
        }
        int found = -1;
        String name;
        if (i < end && b[i] == '"') {
            for (int k = 0; k < known.length; k++) {
                byte[] n = known[k];
                if (n.length == i - start && sameBytes(start, n)) {
                    found = k;
                    break;
                }
            }
            name = found >= 0 ? null : new String(b, start, i - start, StandardCharsets.UTF_8);
            pos = i + 1;
        } else {
            name = nextString();
            for (int k = 0; k < known.length && found < 0; k++) {
                if (name.equals(new String(known[k], StandardCharsets.UTF_8))) {
                    found = k;
                }
            }
        }
        // Paths are only rendered for errors: remember which known name this is instead of making a String.
        names[depth] = name;
        this.known[depth] = known;
        knownIndex[depth] = found;
        expectAfterWs(':', "':'");
        return found;
    }

    /** Returns the next value's first byte as a token kind: one of {@code "{[tfn} or {@code 0} for a number. */
    public int peek() {
        int c = skipWs();
        if (c == -1) {
            throw error("Expected a value but reached the end");
        }
        return (c == '-' || (c >= '0' && c <= '9')) ? '0' : c;
    }

    /** Checks that nothing but white space follows the document. */
    public void finish() {
        if (skipWs() != -1) {
            throw error("Unexpected character after the JSON document");
        }
    }

    // ---- scalars -----------------------------------------------------------------------------------

    /** Whether the bytes from {@code start} are {@code name}'s (names are short: a plain loop beats a vectorized compare). */
    private boolean sameBytes(int start, byte[] name) {
        for (int k = 0; k < name.length; k++) {
            if (b[start + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    /** Reads a string; {@code null} for a JSON {@code null}. */
    public String nextString() {
        int c = skipWs();
        if (c == 'n') {
            literal("null");
            return null;
        }
        if (c != '"') {
            throw typeError("a string");
        }
        int start = ++pos;
        int i = start;
        // Eight bytes at a time while none of them is a quote, a backslash or a control character (SWAR:
        // each test is exact about whether such a byte is in the word; the loop below finds which one).
        long seen = 0;
        while (i + 8 <= end) {
            long v = (long) LONGS.get(b, i);
            long q = v ^ 0x2222222222222222L;
            long e = v ^ 0x5C5C5C5C5C5C5C5CL;
            if ((((q - ONES) & ~q | (e - ONES) & ~e | (v - 0x2020202020202020L) & ~v) & HIGHS) != 0) {
                break;
            }
            seen |= v;
            i += 8;
        }
        int tailBits = 0;
        while (i < end) {
            byte x = b[i];
            if (x == '"') {
                pos = i + 1;
                // all ASCII: the bytes are the characters, no decoding needed
                boolean ascii = (seen & HIGHS) == 0 && tailBits >= 0;
                return new String(b, start, i - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            }
            if (x == '\\') {
                break;
            }
            if (x >= 0 && x < 0x20) {
                pos = i;
                throw error("Unescaped control character in a string");
            }
            tailBits |= x;
            i++;
        }
        if (i >= end) {
            pos = i;
            throw error("Unterminated string");
        }
        return slowString(start, i);
    }

    private String slowString(int start, int escape) {
        StringBuilder sb = new StringBuilder((escape - start) + 16);
        sb.append(new String(b, start, escape - start, StandardCharsets.UTF_8));
        int i = escape;
        while (true) {
            int runStart = i;
            while (i < end && b[i] != '"' && b[i] != '\\') {
                if (b[i] >= 0 && b[i] < 0x20) {
                    pos = i;
                    throw error("Unescaped control character in a string");
                }
                i++;
            }
            if (i > runStart) {
                sb.append(new String(b, runStart, i - runStart, StandardCharsets.UTF_8));
            }
            if (i >= end) {
                pos = i;
                throw error("Unterminated string");
            }
            if (b[i] == '"') {
                pos = i + 1;
                return sb.toString();
            }
            pos = i;
            i = escapeInto(sb, i + 1);
        }
    }

    private int escapeInto(StringBuilder sb, int i) {
        if (i >= end) {
            pos = i;
            throw error("Unterminated escape sequence");
        }
        byte e = b[i];
        switch (e) {
            case '"': sb.append('"'); return i + 1;
            case '\\': sb.append('\\'); return i + 1;
            case '/': sb.append('/'); return i + 1;
            case 'b': sb.append('\b'); return i + 1;
            case 'f': sb.append('\f'); return i + 1;
            case 'n': sb.append('\n'); return i + 1;
            case 'r': sb.append('\r'); return i + 1;
            case 't': sb.append('\t'); return i + 1;
            case 'u':
                if (i + 4 >= end) {
                    pos = i;
                    throw error("Unterminated \\u escape");
                }
                int v = 0;
                for (int k = 1; k <= 4; k++) {
                    int d = Character.digit(b[i + k], 16);
                    if (d < 0) {
                        pos = i + k;
                        throw error("Expected a hexadecimal digit");
                    }
                    v = (v << 4) | d;
                }
                sb.append((char) v);
                return i + 5;
            default:
                pos = i;
                throw error("Invalid escape sequence");
        }
    }

    /** Reads an integer exactly as a {@code long}; fractions and exponents are rejected. */
    public long nextLong() {
        int c = skipWs();
        if (c != '-' && (c < '0' || c > '9')) {
            throw typeError("an integer");
        }
        int i = pos;
        boolean negative = c == '-';
        if (negative) {
            i++;
        }
        int digitsStart = i;
        long value = 0;
        // up to 18 digits cannot overflow: no check per digit
        while (i < end && i - digitsStart < 18 && b[i] >= '0' && b[i] <= '9') {
            value = value * 10 - (b[i] - '0');
            i++;
        }
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            int d = b[i] - '0';
            if (value < (Long.MIN_VALUE + d) / 10) {
                pos = digitsStart;
                throw error("Integer out of the 64-bit range");
            }
            value = value * 10 - d;
            i++;
        }
        if (i == digitsStart) {
            pos = i;
            throw error("Expected a digit");
        }
        if (b[digitsStart] == '0' && i - digitsStart > 1) {
            pos = digitsStart;
            throw error("Leading zero in a number");
        }
        if (i < end && (b[i] == '.' || b[i] == 'e' || b[i] == 'E')) {
            pos = i;
            throw error("Expected an integer, not a fraction or exponent");
        }
        if (!negative && value == Long.MIN_VALUE) {
            pos = digitsStart;
            throw error("Integer out of the 64-bit range");
        }
        pos = i;
        return negative ? value : -value;
    }

    /** Reads {@code true} or {@code false}. */
    public boolean nextBoolean() {
        int c = skipWs();
        if (c == 't') {
            literal("true");
            return true;
        }
        if (c == 'f') {
            literal("false");
            return false;
        }
        throw typeError("a boolean");
    }

    private void literal(String word) {
        int n = word.length();
        if (end - pos < n) {
            throw error("Expected '" + word + "'");
        }
        for (int k = 0; k < n; k++) {
            if (b[pos + k] != word.charAt(k)) {
                throw error("Expected '" + word + "'");
            }
        }
        pos += n;
    }

    /** Skips one value of any kind, checking its syntax. */
    public void skipValue() {
        switch (peek()) {
            case '{':
                beginObject();
                while (hasNext()) {
                    nextName(NO_NAMES);
                    skipValue();
                }
                return;
            case '[':
                beginArray();
                while (hasNext()) {
                    skipValue();
                }
                return;
            case '"': nextString(); return;
            case 't':
            case 'f': nextBoolean(); return;
            case 'n': literal("null"); return;
            case '0': numberText(); return;
            default: throw error("Expected a value");
        }
    }

    private static final byte[][] NO_NAMES = new byte[0][];

    /** Reads a number of any JSON form and returns its text unchanged. */
    public String numberText() {
        skipWs();
        int start = pos;
        int i = pos;
        if (i < end && b[i] == '-') {
            i++;
        }
        i = digits(i, true);
        if (i < end && b[i] == '.') {
            i = digits(i + 1, false);
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            i = digits(i, false);
        }
        pos = i;
        return new String(b, start, i - start, StandardCharsets.ISO_8859_1);
    }

    private int digits(int i, boolean integerPart) {
        int start = i;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        if (i == start) {
            pos = i;
            throw error("Expected a digit");
        }
        if (integerPart && b[start] == '0' && i - start > 1) {
            pos = start;
            throw error("Leading zero in a number");
        }
        return i;
    }

    // ---- tree (for documents whose shape is open) --------------------------------------------------

    /**
     * Reads any value as plain Java objects: {@code Map<String,Object>} (insertion order), {@code List},
     * {@code String}, {@link JsonNumber}, {@code Boolean} or {@link #NULL}.
     */
    public Object readTree() {
        switch (peek()) {
            case '{': {
                beginObject();
                Map<String, Object> map = new LinkedHashMap<>();
                while (hasNext()) {
                    nextName(NO_NAMES);
                    map.put(nameAt(depth), readTree());
                }
                return map;
            }
            case '[': {
                beginArray();
                List<Object> list = new ArrayList<>();
                while (hasNext()) {
                    list.add(readTree());
                }
                return list;
            }
            case '"': return nextString();
            case 't':
            case 'f': return nextBoolean();
            case 'n': literal("null"); return NULL;
            case '0': return new JsonNumber(numberText());
            default: throw error("Expected a value");
        }
    }

    /** The JSON {@code null} in trees. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A JSON number kept as its text, so 64-bit integers stay exact. */
    public record JsonNumber(String text) {
        /** Returns the number as a long. */
        public long asLong() {
            return Long.parseLong(text);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private int skipWs() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return c & 0xff;
            }
            pos++;
        }
        return -1;
    }

    private void expectAfterWs(char c, String what) {
        if (skipWs() != c) {
            throw pos >= end ? error("Expected " + what + " but reached the end") : typeErrorOr(c, what);
        }
        pos++;
    }

    private EtcdProtocolException typeErrorOr(char c, String what) {
        return (c == '{' || c == '[') ? typeError(what) : error("Expected " + what);
    }

    private EtcdProtocolException typeError(String expected) {
        if (pos >= end) {
            return error("Expected " + expected + " but reached the end");
        }
        return error("Expected " + expected + " but was " + describe(b[pos]));
    }

    private static String describe(byte c) {
        switch (c) {
            case '{': return "an object";
            case '[': return "an array";
            case '"': return "a string";
            case 't':
            case 'f': return "a boolean";
            case 'n': return "null";
            default: return (c == '-' || (c >= '0' && c <= '9')) ? "a number" : "'" + printable(c) + "'";
        }
    }

    private static String printable(byte c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c & 0xff);
    }

    private String nameAt(int d) {
        if (names[d] != null) {
            return names[d];
        }
        return known[d] == null ? "" : new String(known[d][knownIndex[d]], StandardCharsets.UTF_8);
    }

    /** Returns the JSON path of the current position, e.g. {@code $.node.nodes[2].key}. */
    public String path() {
        StringBuilder sb = new StringBuilder("$");
        for (int d = 1; d <= depth; d++) {
            if (isArray[d]) {
                sb.append('[').append(Math.max(0, counts[d] - 1)).append(']');
            } else if (counts[d] > 0) {
                sb.append('.').append(nameAt(d));
            }
        }
        return sb.toString();
    }

    /** Returns the offset of the next value, after white space. */
    public int position() {
        skipWs();
        return pos;
    }

    /** Returns an exception for a syntax or shape error at the current position. */
    public EtcdProtocolException error(String message) {
        return errorAt(message, pos);
    }

    /** Returns an exception for an error in the value that starts at {@code offset}. */
    public EtcdProtocolException errorAt(String message, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(offset, end); i++) {
            if (b[i] == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new EtcdProtocolException(message + " at offset " + offset + " (" + line + ":" + column + "), path "
                + path(), 0, null);
    }
}
