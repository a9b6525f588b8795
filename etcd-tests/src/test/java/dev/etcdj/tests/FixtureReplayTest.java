package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.http.internal.Fixture;
import dev.etcdj.http.internal.JsonReader;
import dev.etcdj.testkit.FakeEtcd;
import dev.etcdj.testkit.FakeEtcdServer;
import dev.etcdj.testkit.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Replays the recorded exchanges of etcd 3.4.23 in order against a fresh {@link FakeEtcdServer} and
 * compares status, headers and body with the recording. What cannot match is normalised, and only that:
 * the cluster id and raft index/term (compared for presence), timestamps and TTL seconds, and the order of
 * an unsorted listing (random in etcd). Traffic the recording made without recording it (the triggers of
 * watches, 1,010 writes, sleeps for TTLs) is re-enacted at the same places, time moving on a
 * {@link ManualClock}. The two exchanges etcd did not answer in HTTP/1.1 are replayed by
 * {@link UnansweredReplay}. None is left out.
 */
class FixtureReplayTest {
    static final Pattern EXPIRATION = Pattern.compile("\"expiration\":\"[^\"]+\"");
    static final Pattern TTL = Pattern.compile("\"ttl\":-?\\d+");

    FakeEtcd fake;
    FakeEtcdServer server;
    /** The member n2 of the members scenario, started (hidden) after 283 and removed at 304. */
    FakeEtcdServer second;
    /** The recording's time: a member added at run time gets an id from the second it was added at (275). */
    ManualClock clock = ManualClock.startingAt(java.time.Instant.parse("2026-11-22T06:12:33Z"));

    @Test
    void theFakeAnswersTheRecordedExchangesAsEtcdDid() throws Exception {
        // the recording's member: etcd --name n1 --initial-advertise-peer-urls http://127.0.0.1:24380
        fake = FakeEtcd.newBuilder().clock(clock).member("n1", java.net.URI.create("http://127.0.0.1:24380"), "etcd-cluster").build();
        server = FakeEtcdServer.start(fake);
        try {
            replay();
        } finally {
            if (second != null) {
                second.close();
            }
            server.close();
            fake.close();
        }
    }

    void replay() throws Exception {
        List<Fixture> fixtures = Fixture.recorded();
        Map<Integer, CompletableFuture<Response>> pending = new LinkedHashMap<>();
        List<String> mismatches = new ArrayList<>();
        int matched = 0;
        for (Fixture f : fixtures) {
            int n = f.number();
            before(n);
            if (n == 308) {
                // the members scenario's changes moved the recording's index to 1131; the fake counts one
                // internal write per change, etcd made a few more (its member attributes)
                assertTrue(fake.index() <= 1131, "index " + fake.index() + " before 308");
                fake.bumpIndex(1131 - fake.index());
            }
            if (!f.answered()) {
                String problem = UnansweredReplay.replay(f, URI.create(server.url()));
                if (problem == null) {
                    matched++;
                } else {
                    mismatches.add(problem);
                }
                continue;
            }
            if (startsInBackground(n)) {
                pending.put(n, CompletableFuture.supplyAsync(() -> send(f, Duration.ofSeconds(5))));
                Thread.sleep(100);
                hiddenTriggers(n);
                continue;
            }
            Response r = send(f, f.query().contains("wait=true") ? Duration.ofMillis(300) : Duration.ofSeconds(10));
            String problem = compare(f, r);
            if (problem == null) {
                matched++;
            } else {
                mismatches.add(problem);
            }
            for (int watch : awaitedAfter(n)) {
                Fixture w = fixtures.stream().filter(x -> x.number() == watch).findFirst().orElseThrow();
                String p = compare(w, pending.remove(watch).get());
                if (p == null) {
                    matched++;
                } else {
                    mismatches.add(p);
                }
            }
        }
        for (Map.Entry<Integer, CompletableFuture<Response>> e : pending.entrySet()) {
            Fixture w = fixtures.stream().filter(x -> x.number() == e.getKey()).findFirst().orElseThrow();
            String p = compare(w, e.getValue().get());
            if (p == null) {
                matched++;
            } else {
                mismatches.add(p);
            }
        }
        System.out.printf("fixture replay: %d matched of %d recorded, none excluded%n", matched, fixtures.size());
        assertEquals(List.of(), mismatches, "matched " + matched + " of " + fixtures.size());
        assertEquals(328, fixtures.size(), "every fixture of ../shared/fixtures");
        assertEquals(fixtures.size(), matched);
    }

    /** Watches whose answer depends on requests that come after them in the recording. */
    static boolean startsInBackground(int n) {
        return List.of(116, 124, 125, 136, 138, 139, 144, 147, 148, 314).contains(n);
    }

    /** After fixture {@code n}, the background watches its request triggered. */
    static List<Integer> awaitedAfter(int n) {
        switch (n) {
            case 126: return List.of(125);
            case 137: return List.of(136);
            case 140: return List.of(138, 139);
            case 316: return List.of(314);
            default: return List.of();
        }
    }

    /** What the recording did before fixture {@code n} without recording it. */
    void before(int n) throws Exception {
        switch (n) {
            case 97:
            case 114:
                clock.advance(Duration.ofMillis(1200));
                break;
            case 117:
                awaitBackground();
                break;
            case 254: {
                // /ttlkey (20 s TTL from fixture 106) expired in the recording between 253 and 254 (at
                // 06:12:54): its expiry took index 1121
                java.time.Instant expiry = fake.client().get("/ttlkey").node().expiration().orElseThrow();
                clock.advance(Duration.between(clock.instant(), expiry).plusMillis(1));
                break;
            }
            case 284:
                // the added member n2 started (and published itself) between 283 and 284
                second = FakeEtcdServer.startMember(fake, fake.client().cluster().members().stream()
                        .filter(m -> m.name().isEmpty()).findFirst().orElseThrow().id(), "n2");
                break;
            case 304:
                clock.advance(Duration.ofSeconds(6));   // etcd refuses a removal until n2 has been connected 5 s
                break;
            case 149:
                for (int i = 0; i < 1010; i++) {
                    raw("PUT", "/v2/keys/other", "value=" + i);
                }
                break;
            default:
        }
    }

    /** The unrecorded requests that made a background watch fire. */
    void hiddenTriggers(int n) throws Exception {
        switch (n) {
            case 116:
                clock.advance(Duration.ofMillis(1500));
                break;
            case 124:
                clock.advance(Duration.ofMillis(2500));
                break;
            case 144:
                raw("PUT", "/v2/keys/hw/_h", "value=1");
                raw("PUT", "/v2/keys/hw/v", "value=1");
                break;
            case 147:
                for (String v : List.of("1", "2", "3")) {
                    raw("PUT", "/v2/keys/s", "value=" + v);
                }
                raw("DELETE", "/v2/keys/s", null);
                break;
            case 148:
                raw("PUT", "/v2/keys/sd/a", "value=1");
                raw("PUT", "/v2/keys/sd/b/c", "value=2");
                raw("DELETE", "/v2/keys/sd/a?prevValue=1", null);
                raw("DELETE", "/v2/keys/sd?recursive=true", null);
                break;
            default:
        }
    }

    void awaitBackground() {
    }

    void raw(String method, String target, String form) throws IOException {
        Response r = exchange(method, target, form == null ? Map.of() : Map.of("Content-Type",
                "application/x-www-form-urlencoded"), form, Duration.ofSeconds(10));
        assertTrue(r.status < 300, method + " " + target + " -> " + r.status);
    }

    Response send(Fixture f, Duration budget) {
        try {
            String body = f.requestBody();
            if (f.number() == 185) {
                body = "value=" + "x".repeat(2 << 20);   // the recording stores a placeholder for the 2 MiB
            }
            onSecond = List.of(289, 291, 292, 293).contains(f.number());   // the fixtures sent to n2
            try {
                return exchange(f.method(), f.target(), f.requestHeaders(), body, budget);
            } finally {
                onSecond = false;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(f.name(), e);
        }
    }

    boolean onSecond;

    record Response(int status, Map<String, String> headers, byte[] body) {
    }

    Response exchange(String method, String target, Map<String, String> headers, String body, Duration budget)
            throws IOException {
        URI url = URI.create((second != null && onSecond ? second : server).url());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(url.getHost(), url.getPort()), 2000);
            s.setSoTimeout((int) budget.toMillis());
            byte[] payload = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder req = new StringBuilder();
            req.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ").append(url.getHost()).append(':')
                    .append(url.getPort()).append("\r\nConnection: close\r\n");
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            if (payload != null) {
                req.append("Content-Length: ").append(payload.length).append("\r\n");
            }
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            if (payload != null) {
                out.write(payload);
            }
            out.flush();
            return read(s.getInputStream(), method.equals("HEAD"));
        }
    }

    static Response read(InputStream in, boolean head) throws IOException {
        String status = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(), l.substring(colon + 1).trim());
        }
        int code = Integer.parseInt(status.substring(9, 12));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            if (head) {
                return new Response(code, headers, new byte[0]);
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                for (String size = line(in); size != null; size = line(in)) {
                    int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                    if (n == 0) {
                        break;
                    }
                    body.write(in.readNBytes(n));
                    line(in);
                }
            } else if (headers.containsKey("content-length")) {
                body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
            } else {
                body.write(in.readAllBytes());
            }
        } catch (SocketTimeoutException e) {
            // a watch that was still waiting, or a stream that never ends: keep what arrived
        }
        return new Response(code, headers, body.toByteArray());
    }

    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        return c == -1 && b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    String compare(Fixture f, Response r) {
        List<String> diffs = new ArrayList<>();
        if (r.status != f.status()) {
            diffs.add("status " + r.status + " != " + f.status());
        }
        for (String h : List.of("content-type", "x-etcd-index", "location", "allow", "access-control-allow-origin")) {
            if (f.headers().containsKey(h) && !f.headers().get(h).equals(r.headers.get(h))) {
                diffs.add(h + ": " + r.headers.get(h) + " != " + f.headers().get(h));
            }
            if (!f.headers().containsKey(h) && r.headers.containsKey(h) && !h.equals("content-type")) {
                diffs.add(h + " present (" + r.headers.get(h) + ") but not recorded");
            }
        }
        for (String h : List.of("x-etcd-cluster-id", "x-raft-index", "x-raft-term")) {
            if (f.headers().containsKey(h) != r.headers.containsKey(h)) {
                diffs.add(h + (f.headers().containsKey(h) ? " missing" : " present but not recorded"));
            }
        }
        if (f.headers().containsKey("transfer-encoding") && !r.headers.containsKey("transfer-encoding")) {
            diffs.add("not chunked");
        }
        if (f.headers().containsKey("content-length") && !r.headers.containsKey("content-length")) {
            diffs.add("no content-length");
        }
        String expected = normalise(new String(f.body(), StandardCharsets.UTF_8));
        String actual = normalise(new String(r.body, StandardCharsets.UTF_8)).replace(server.url(), RECORDED_URL);
        if (second != null) {
            actual = actual.replace(second.url(), "http://127.0.0.1:24381");
        }
        if (f.target().startsWith("/v2/stats/")) {   // times and counters depend on the whole history, unrecorded parts too
            expected = STATS.matcher(TIMES.matcher(expected).replaceAll("<time>")).replaceAll("$1<n>");
            actual = STATS.matcher(TIMES.matcher(actual).replaceAll("<time>")).replaceAll("$1<n>");
        }
        if (!expected.equals(actual) && !(unsortedListing(f) && sameAsTrees(expected, actual))) {
            diffs.add("body\n    got      " + actual.replace("\n", "\\n") + "\n    recorded " + expected.replace("\n", "\\n"));
        }
        return diffs.isEmpty() ? null : f.name() + ": " + String.join("; ", diffs);
    }

    /** The recording's client URL, which the fake's (on a free port) stands for. */
    static final String RECORDED_URL = "http://127.0.0.1:24379";
    static final Pattern TIMES = Pattern.compile("\"(startTime|uptime)\":\"[^\"]*\"");
    static final Pattern STATS = Pattern.compile("(\"[A-Za-z]+\":)\\d+(\\.\\d+)?");
    static final Pattern BIG = Pattern.compile("x+\\.\\.\\.<truncated: (2 MiB of x|2097152 x characters)>\\.\\.\\.x+|x{100000,}");

    static String normalise(String body) {
        body = BIG.matcher(body).replaceAll("<2 MiB of x>");
        return TTL.matcher(EXPIRATION.matcher(body).replaceAll("\"expiration\":\"<time>\"")).replaceAll("\"ttl\":<n>");
    }

    static boolean unsortedListing(Fixture f) {
        return f.method().equals("GET") && !f.query().contains("sorted=true") && !f.query().contains("wait=true");
    }

    static boolean sameAsTrees(String a, String b) {
        try {
            return canonical(new JsonReader(a.replace("<time>", "t").replace("<n>", "0").getBytes(StandardCharsets.UTF_8)).readTree())
                    .equals(canonical(new JsonReader(b.replace("<time>", "t").replace("<n>", "0").getBytes(StandardCharsets.UTF_8)).readTree()));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Serialises a tree keeping field order, with every "nodes" array sorted by key. */
    @SuppressWarnings("unchecked")
    static String canonical(Object tree) {
        if (tree instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object v = e.getValue();
                if (e.getKey().equals("nodes") && v instanceof List<?> l) {
                    List<Object> sorted = new ArrayList<>((List<Object>) l);
                    sorted.sort(Comparator.comparing(x -> String.valueOf(((Map<String, Object>) x).get("key"))));
                    v = sorted;
                }
                sb.append(e.getKey()).append(':').append(canonical(v)).append(',');
            }
            return sb.append('}').toString();
        }
        if (tree instanceof List<?> l) {
            return l.stream().map(FixtureReplayTest::canonical).collect(Collectors.joining(",", "[", "]"));
        }
        return String.valueOf(tree instanceof JsonReader.JsonNumber n ? n.text() : tree);
    }
}
