package dev.etcdj.http.internal;

/** Writing JSON text: the one home of string quoting for every request body the adapters build. */
public final class JsonText {
    private JsonText() {
    }

    /**
     * Appends {@code s} as a JSON string: quotes, backslashes and control characters escaped, everything
     * else as it is (the body is sent as UTF-8).
     */
    public static void quote(StringBuilder sb, CharSequence s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    /** Appends {@code values} as a JSON array of strings. */
    public static void quoteAll(StringBuilder sb, java.util.List<String> values) {
        sb.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            quote(sb, values.get(i));
        }
        sb.append(']');
    }
}
