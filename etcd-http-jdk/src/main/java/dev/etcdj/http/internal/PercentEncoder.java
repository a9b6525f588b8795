package dev.etcdj.http.internal;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encodes text per RFC 3986: every byte of the UTF-8 form is written as {@code %XX} except the
 * unreserved characters {@code A-Z a-z 0-9 - . _ ~}. The result is safe both as a URL path segment and as
 * a form value (Go decodes {@code %20} and {@code %2B} alike in both places). Stateless.
 */
public final class PercentEncoder {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentEncoder() {
    }

    /** Appends the encoding of {@code s} to {@code out}. */
    public static void encode(String s, StringBuilder out) {
        int n = s.length();
        int i = 0;
        while (i < n && unreserved(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            out.append(s);
            return;
        }
        out.append(s, 0, i);
        byte[] bytes = s.substring(i).getBytes(StandardCharsets.UTF_8);
        for (byte x : bytes) {
            int c = x & 0xff;
            if (c < 0x80 && unreserved((char) c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }

    /** Appends {@code path} (an absolute key) segment by segment, keeping the slashes. */
    public static void encodePath(String path, StringBuilder out) {
        int start = 1;
        if (path.length() <= 1) {
            out.append('/');
            return;
        }
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            out.append('/');
            encode(path.substring(start, end), out);
            start = end + 1;
        }
    }

    private static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
