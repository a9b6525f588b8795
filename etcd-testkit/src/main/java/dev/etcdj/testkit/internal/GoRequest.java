package dev.etcdj.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.x request as Go's {@code net/http} reads it: the request line split at its first two spaces,
 * then header lines up to an empty one. A line Go (or etcd's connection multiplexer in front of it) cannot
 * parse leaves {@link #malformed()} set: the bytes to answer with before closing, empty for none.
 *
 * @param method the method, as sent
 * @param target the request target, raw (still percent-encoded)
 * @param proto {@code HTTP/1.1} or {@code HTTP/1.0}, or {@code HTTP/2.0} for HTTP/2's preface
 * @param headers the header lines in order, as (name, value) pairs
 * @param malformed null for a good request, else what to answer before closing
 */
record GoRequest(String method, String target, String proto, List<String[]> headers, String malformed) {
    private static final String BAD_REQUEST = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Connection: close\r\n\r\n400 Bad Request";
    private static final String TOO_LARGE = "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain; "
            + "charset=utf-8\r\nConnection: close\r\n\r\n431 Request Header Fields Too Large";

    static GoRequest read(InputStream in, int maxHeaderBytes) throws IOException {
        String line;
        try {
            line = GoHttpServer.line(in, maxHeaderBytes);
        } catch (IOException e) {
            return new GoRequest(null, null, null, List.of(), TOO_LARGE);
        }
        if (line == null) {
            throw new IOException("connection closed");
        }
        if (line.equals(GrpcPreface.REQUEST_LINE)) {
            return new GoRequest("PRI", "*", "HTTP/2.0", List.of(), null);   // cmux: to gRPC (see http2())
        }
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        String proto = sp2 < 0 ? "" : line.substring(sp2 + 1);
        if (sp1 <= 0 || sp2 < 0 || !(proto.equals("HTTP/1.1") || proto.equals("HTTP/1.0"))) {
            return new GoRequest(null, null, null, List.of(), "");   // cmux: no answer at all
        }
        List<String[]> headers = new ArrayList<>();
        int budget = maxHeaderBytes - line.length();
        while (true) {
            String h;
            try {
                h = GoHttpServer.line(in, Math.max(1, budget));
            } catch (IOException e) {
                return new GoRequest(null, null, null, List.of(), TOO_LARGE);
            }
            if (h == null) {
                throw new IOException("connection closed in the headers");
            }
            if (h.isEmpty()) {
                break;
            }
            budget -= h.length() + 2;
            int colon = h.indexOf(':');
            if (colon <= 0 || budget < 0) {
                return new GoRequest(null, null, null, List.of(), budget < 0 ? TOO_LARGE : BAD_REQUEST);
            }
            headers.add(new String[] {h.substring(0, colon).trim(), h.substring(colon + 1).trim()});
        }
        return new GoRequest(line.substring(0, sp1), line.substring(sp1 + 1, sp2), proto, headers, null);
    }

    /** Whether this is the start of HTTP/2's connection preface, which etcd's cmux sends to the gRPC server. */
    boolean http2() {
        return proto.equals("HTTP/2.0");
    }

    /** Returns the first value of header {@code name} (any case), or null. */
    String header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    boolean hasToken(String header, String token) {
        String v = header(header);
        return v != null && v.toLowerCase(Locale.ROOT).contains(token);
    }
}
