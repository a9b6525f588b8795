package dev.etcdj.http.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One recorded exchange of {@code ../shared/fixtures}: {@code #} comments, {@code >} request lines,
 * {@code <} status and header lines, a bare {@code <}, then the body byte for byte. An exchange the server
 * did not answer in HTTP/1.1 has {@code < (what happened)} for its status line: its {@link #status()} is
 * {@link #NO_ANSWER} and {@code outcome} says what happened (null for an answer). A request line's target is
 * everything after the method, raw (a space in it is the fixture's point), up to a trailing
 * {@code "   (note)"}.
 */
public record Fixture(String name, String method, String target, Map<String, String> requestHeaders, String requestBody,
               int status, Map<String, String> headers, byte[] body, String outcome) {

    public static Path directory() {
        String dir = System.getProperty("etcdj.fixtures");
        Path p = dir != null ? Paths.get(dir) : Paths.get("..", "..", "shared", "fixtures");
        if (!Files.isDirectory(p)) {
            p = Paths.get("..", "shared", "fixtures").toAbsolutePath();
        }
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("fixtures not found at " + p.toAbsolutePath()
                    + "; the build expects ../shared/fixtures beside the project (set -Detcdj.fixtures=DIR)");
        }
        return p;
    }

    /** The status of an exchange the server did not answer in HTTP/1.1. */
    public static final int NO_ANSWER = 0;

    /** Returns every fixture with an HTTP/1.1 response, in file order. */
    public static List<Fixture> all() {
        return recorded().stream().filter(Fixture::answered).collect(Collectors.toList());
    }

    /** Returns every recorded fixture, answered or not, in file order. */
    public static List<Fixture> recorded() {
        try (Stream<Path> files = Files.list(directory())) {
            List<Fixture> out = new ArrayList<>();
            for (Path f : files.sorted().collect(Collectors.toList())) {
                Fixture fx = parse(f);
                if (fx != null) {
                    out.add(fx);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Fixture parse(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int pos = 0;
        String method = null;
        String target = null;
        Map<String, String> reqHeaders = new LinkedHashMap<>();
        StringBuilder reqBody = null;
        int status = -1;
        String outcome = null;
        Map<String, String> headers = new LinkedHashMap<>();
        while (pos < bytes.length) {
            int nl = indexOf(bytes, (byte) '\n', pos);
            int lineEnd = nl < 0 ? bytes.length : nl;
            String line = new String(bytes, pos, lineEnd - pos, StandardCharsets.UTF_8);
            pos = nl < 0 ? bytes.length : nl + 1;
            if (line.startsWith("#")) {
                continue;
            }
            if (line.equals("<")) {
                if (status < 0) {
                    return null;
                }
                byte[] body = Arrays.copyOfRange(bytes, pos, bytes.length);
                return new Fixture(file.getFileName().toString(), method, target, reqHeaders,
                        reqBody == null ? null : reqBody.toString(), status, headers, body, outcome);
            }
            if (line.startsWith("> ") || line.equals(">")) {
                String content = line.length() > 2 ? line.substring(2) : "";
                if (content.startsWith("(") && content.endsWith(")")) {
                    continue;
                }
                if (method == null) {
                    int sp = content.indexOf(' ');
                    method = sp < 0 ? content : content.substring(0, sp);
                    target = sp < 0 ? "" : content.substring(sp + 1);
                    int note = target.indexOf("   (");
                    target = note < 0 ? target : target.substring(0, note);
                } else if (reqBody != null) {
                    reqBody.append(reqBody.length() > 0 ? "\n" : "").append(content);
                } else if (content.isEmpty()) {
                    reqBody = new StringBuilder();
                } else if (content.indexOf(':') < 0) {
                    reqBody = new StringBuilder(content);
                } else {
                    int colon = content.indexOf(':');
                    reqHeaders.put(content.substring(0, colon).trim().toLowerCase(), content.substring(colon + 1).trim());
                }
            } else if (line.startsWith("< (")) {
                status = NO_ANSWER;
                outcome = line.substring(3, line.length() - 1);
            } else if (line.startsWith("< HTTP/1.1 ")) {
                status = Integer.parseInt(line.substring(11, 14));
            } else if (line.startsWith("< ")) {
                int colon = line.indexOf(':');
                headers.put(line.substring(2, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
            }
        }
        return null;
    }

    private static int indexOf(byte[] b, byte c, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the server answered in HTTP/1.1. */
    public boolean answered() {
        return status != NO_ANSWER;
    }

    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    public String query() {
        int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q + 1);
    }

    public boolean isJson() {
        return "application/json".equals(headers.get("content-type")) && body.length > 0;
    }

    /** Returns the fixture's number, e.g. 125 for {@code 125-watch-longpoll.http}. */
    public int number() {
        return Integer.parseInt(name.substring(0, 3));
    }

    @Override
    public String toString() {
        return name;
    }
}
