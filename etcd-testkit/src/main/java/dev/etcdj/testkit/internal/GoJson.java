package dev.etcdj.testkit.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Renders etcd's JSON the way Go's {@code encoding/json} does: struct field order, {@code omitempty},
 * HTML-safe escaping ({@code \u003c}, {@code \u003e}, {@code \u0026}, U+2028/2029), lower-case hex, and
 * RFC 3339 timestamps with trailing zeros of the nanoseconds trimmed.
 */
public final class GoJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoJson() {
    }

    /**
     * Returns an event as {@code json.NewEncoder(w).Encode(ev)} writes it, with the trailing newline. With
     * {@code noValueOnSuccess}, a set, create, update or compare-and-swap is written as its action only.
     */
    public static String event(Store.Event e, boolean noValueOnSuccess) {
        String a = e.action();
        boolean noValue = noValueOnSuccess && (a.equals("set") || a.equals("create") || a.equals("update")
                || a.equals("compareAndSwap"));
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"action\":");
        string(sb, e.action());
        if (!noValue) {
            if (e.node() != null) {
                sb.append(",\"node\":");
                node(sb, e.node());
            }
            if (e.prevNode() != null) {
                sb.append(",\"prevNode\":");
                node(sb, e.prevNode());
            }
        }
        return sb.append("}\n").toString();
    }

    /** Returns an error body with its trailing newline; {@code cause} is omitted when empty. */
    public static String error(int code, String message, String cause, long index) {
        StringBuilder sb = new StringBuilder(96);
        sb.append("{\"errorCode\":").append(code).append(",\"message\":");
        string(sb, message);
        if (cause != null && !cause.isEmpty()) {
            sb.append(",\"cause\":");
            string(sb, cause);
        }
        return sb.append(",\"index\":").append(index).append("}\n").toString();
    }

    static void node(StringBuilder sb, Store.NodeView n) {
        sb.append('{');
        boolean first = true;
        if (!n.key().isEmpty()) {
            sb.append("\"key\":");
            string(sb, n.key());
            first = false;
        }
        if (n.value() != null) {
            sb.append(first ? "" : ",").append("\"value\":");
            string(sb, n.value());
            first = false;
        }
        if (n.dir()) {
            sb.append(first ? "" : ",").append("\"dir\":true");
            first = false;
        }
        if (n.expiration() != null) {
            sb.append(first ? "" : ",").append("\"expiration\":\"").append(time(n.expiration())).append('"');
            first = false;
        }
        if (n.ttl() != 0) {
            sb.append(first ? "" : ",").append("\"ttl\":").append(n.ttl());
            first = false;
        }
        if (n.nodes() != null && !n.nodes().isEmpty()) {
            sb.append(first ? "" : ",").append("\"nodes\":[");
            for (int i = 0; i < n.nodes().size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                node(sb, n.nodes().get(i));
            }
            sb.append(']');
            first = false;
        }
        if (n.modifiedIndex() != 0) {
            sb.append(first ? "" : ",").append("\"modifiedIndex\":").append(n.modifiedIndex());
            first = false;
        }
        if (n.createdIndex() != 0) {
            sb.append(first ? "" : ",").append("\"createdIndex\":").append(n.createdIndex());
        }
        sb.append('}');
    }

    /** Go's {@code time.Time.MarshalJSON} in UTC: RFC 3339 with nanoseconds, trailing zeros trimmed. */
    public static String time(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(30);
        pad(sb, d.getYear(), 4).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        pad(sb, d.getDayOfMonth(), 2).append('T');
        pad(sb, d.getHour(), 2).append(':');
        pad(sb, d.getMinute(), 2).append(':');
        pad(sb, d.getSecond(), 2);
        int nanos = t.getNano();
        if (nanos != 0) {
            String frac = String.format("%09d", nanos);
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(frac, 0, end);
        }
        return sb.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }

    /** Appends a JSON string as Go writes it (HTML-safe). */
    public static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '<':
                case '>':
                case '&':
                case '\u2028':
                case '\u2029':
                    unicode(sb, c);
                    break;
                default:
                    if (c < 0x20) {
                        unicode(sb, c);
                    } else if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1)))) {
                        if (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1))) {
                            sb.append(c);
                        } else {
                            sb.append("\\ufffd");
                        }
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    private static void unicode(StringBuilder sb, char c) {
        sb.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
    }
}
