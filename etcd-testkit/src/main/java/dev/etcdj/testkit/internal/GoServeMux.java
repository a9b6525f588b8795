package dev.etcdj.testkit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** What Go's {@code net/http} ServeMux does before a handler runs: it cleans the path and redirects unclean ones. */
public final class GoServeMux {
    private GoServeMux() {
    }

    /** Go's ServeMux cleanPath: path.Clean, keeping a trailing slash. */
    public static String cleanPath(String p) {
        if (p.isEmpty()) {
            return "/";
        }
        if (p.charAt(0) != '/') {
            p = "/" + p;
        }
        String np = GoPath.clean(p);
        if (p.endsWith("/") && !np.equals("/")) {
            np += "/";
        }
        return np;
    }

    /** Answers 301 to {@code clean}, as Go's ServeMux redirects an unclean path (a body for GET and HEAD only). */
    public static void redirect(GoExchange x, String method, String clean, String rawQuery, AdminHttp.Responder send)
            throws IOException {
        StringBuilder loc = new StringBuilder();
        for (String seg : clean.split("/", -1)) {
            if (loc.length() > 0 || !seg.isEmpty() || clean.startsWith("/")) {
                if (loc.length() > 0 || clean.startsWith("/")) {
                    loc.append('/');
                }
            }
            loc.append(escapePathSegment(seg));
        }
        String location = (loc.length() > 1 && loc.charAt(0) == '/' && loc.charAt(1) == '/' ? loc.substring(1) : loc.toString())
                + (rawQuery == null ? "" : "?" + rawQuery);
        x.setHeader("Location", location);
        if (method.equals("GET") || method.equals("HEAD")) {
            String body = "<a href=\"" + htmlEscape(location) + "\">Moved Permanently</a>.\n\n";
            send.send(x, 301, "text/html; charset=utf-8", body);
        } else {
            x.sendHeaders(301, -1);
        }
    }

    private static String escapePathSegment(String seg) {
        StringBuilder sb = new StringBuilder();
        for (byte b : seg.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~$&+,;=:@!'()*".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append("0123456789ABCDEF".charAt(c >> 4)).append("0123456789ABCDEF".charAt(c & 0xf));
            }
        }
        return sb.toString();
    }

    private static String htmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;").replace("'", "&#39;");
    }
}
