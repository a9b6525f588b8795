package dev.etcdj.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Go's {@code url.ParseQuery} and {@code Request.ParseForm}, with the same errors: {@code +} is a space,
 * {@code %XX} a byte, a bad escape is {@code invalid URL escape "%zz"}, a {@code ;} is
 * {@code invalid semicolon separator in query}. Also {@code strconv.ParseBool} and {@code ParseUint}.
 */
public final class GoForm {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private String error;

    private GoForm() {
    }

    /**
     * Parses a request's form: the body first (only for POST/PUT/PATCH with a form content type), then the
     * raw query. The first parse error is kept and reported by {@link #error()}.
     */
    public static GoForm parse(String method, String contentType, byte[] body, String rawQuery) {
        GoForm f = new GoForm();
        boolean bodyMethod = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        if (bodyMethod && contentType != null && mediaType(contentType).equals("application/x-www-form-urlencoded")) {
            f.parseQuery(new String(body, StandardCharsets.ISO_8859_1));
        }
        if (rawQuery != null) {
            f.parseQuery(rawQuery);
        }
        return f;
    }

    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase();
    }

    private void parseQuery(String query) {
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            if (pair.indexOf(';') >= 0) {
                fail("invalid semicolon separator in query");
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            String key = unescape(k);
            if (key == null) {
                continue;
            }
            String value = unescape(v);
            if (value == null) {
                continue;
            }
            values.computeIfAbsent(key, x -> new ArrayList<>()).add(value);
        }
    }

    private void fail(String message) {
        if (error == null) {
            error = message;
        }
    }

    private String unescape(String s) {
        try {
            return GoStrings.decode(unescapeBytes(s, true));
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return null;
        }
    }

    /**
     * Go's unescaping of a path ({@code plusIsSpace} false) or a form value (true) into bytes. The JDK
     * server reads request lines as ISO-8859-1, so a char below U+0100 is one byte; anything above is
     * written as UTF-8.
     *
     * @throws IllegalArgumentException with Go's message, {@code invalid URL escape "%zz"}
     */
    public static byte[] unescapeBytes(String s, boolean plusIsSpace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("invalid URL escape \"" + s.substring(i, Math.min(s.length(), i + 3)) + "\"");
                }
                out.write(Character.digit(s.charAt(i + 1), 16) << 4 | Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else if (c < 0x100) {
                out.write(c);
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    /** Returns the first parse error, or {@code null}. */
    public String error() {
        return error;
    }

    /** Returns whether the parameter was given at all. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** Returns the first value, or {@code ""} (Go's {@code FormValue}). */
    public String value(String name) {
        List<String> v = values.get(name);
        return v == null ? "" : v.get(0);
    }

    /** Go's {@code strconv.ParseBool}; {@code null} when the text is not a boolean. */
    public static Boolean parseBool(String s) {
        switch (s) {
            case "1": case "t": case "T": case "TRUE": case "true": case "True": return Boolean.TRUE;
            case "0": case "f": case "F": case "FALSE": case "false": case "False": return Boolean.FALSE;
            default: return null;
        }
    }

    /** Go's {@code strconv.ParseUint(s, 10, 64)} as an unsigned long; {@code null} when invalid. */
    public static Long parseUint(String s) {
        if (s.isEmpty()) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
