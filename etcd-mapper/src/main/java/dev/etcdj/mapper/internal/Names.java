package dev.etcdj.mapper.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Map keys as etcd key segments, reversibly and readably: {@code %} and {@code /} and control characters
 * are percent-encoded, a leading {@code _} or {@code ~} (hidden or reserved) is encoded, {@code .} and
 * {@code ..} are encoded, and the empty string is {@code %}.
 */
public final class Names {
    private Names() {
    }

    /** Returns the segment for map key {@code key}. */
    public static String encode(String key) {
        if (key.isEmpty()) {
            return "%";
        }
        StringBuilder sb = new StringBuilder(key.length() + 8);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean escape = c == '%' || c == '/' || c < 0x20 || c == 0x7f || (i == 0 && (c == '_' || c == '~'))
                    || (c == '.' && (key.equals(".") || key.equals("..")))
                    || (Character.isSurrogate(c) && !validPair(key, i));
            if (escape) {
                for (byte b : String.valueOf(Character.isSurrogate(c) ? '\uFFFD' : c).getBytes(StandardCharsets.UTF_8)) {
                    sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /**
     * Returns the map key stored as {@code segment}.
     *
     * @throws IllegalArgumentException if the segment is not an encoding
     */
    public static String decode(String segment) {
        if (segment.equals("%")) {
            return "";
        }
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        StringBuilder sb = new StringBuilder(segment.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length() || Character.digit(segment.charAt(i + 1), 16) < 0
                        || Character.digit(segment.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("bad escape in map key \"" + segment + "\"");
                }
                bytes.write(Character.digit(segment.charAt(i + 1), 16) << 4 | Character.digit(segment.charAt(i + 2), 16));
                i += 2;
            } else {
                flush(bytes, sb);
                sb.append(c);
            }
        }
        flush(bytes, sb);
        return sb.toString();
    }

    private static void flush(ByteArrayOutputStream bytes, StringBuilder sb) {
        if (bytes.size() > 0) {
            sb.append(bytes.toString(StandardCharsets.UTF_8));
            bytes.reset();
        }
    }
}
