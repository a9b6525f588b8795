package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code curl -i} sends the same requests to a fresh real etcd and to the fake started with the same
 * identity: status lines, headers (names, order, values) and bodies must be byte-identical, apart from
 * {@code Date}, the raft index and term (raft internals), expiration times and TTL seconds (and so the
 * length of a body with an expiration).
 */
class CurlDifferentialIT {
    static final List<List<String>> REQUESTS = List.of(
            List.of("/v2/keys/c/a", "-XPUT", "-d", "value=1"),
            List.of("/v2/keys/c/a"),
            List.of("/v2/keys/c/a", "-I"),
            List.of("/v2/keys/c/a?prevExist=false", "-XPUT", "-d", "value=2"),
            List.of("/v2/keys/c/a?prevValue=1", "-XPUT", "-d", "value=3"),
            List.of("/v2/keys/c/a?prevValue=9", "-XPUT", "-d", "value=4"),
            List.of("/v2/keys/c/a?prevIndex=1", "-XDELETE"),
            List.of("/v2/keys/c/b", "-XPUT", "-d", "value=x", "-d", "ttl=30"),
            List.of("/v2/keys/c/b", "-XPUT", "-d", "ttl=40", "-d", "refresh=true", "-d", "prevExist=true"),
            List.of("/v2/keys/c/b?ttl=abc", "-XPUT", "-d", "value=y"),
            List.of("/v2/keys/c/d", "-XPUT", "-d", "dir=true"),
            List.of("/v2/keys/c/d", "-XPUT", "-d", "value=z"),
            List.of("/v2/keys/c/q", "-XPOST", "-d", "value=job"),
            List.of("/v2/keys/c?recursive=true&sorted=true"),
            List.of("/v2/keys/c/d?dir=true", "-XDELETE"),
            List.of("/v2/keys/c/nope"),
            List.of("/v2/keys/c/nope", "-XDELETE"),
            List.of("/v2/keys/c/a?wait=true&waitIndex=1"),
            List.of("/v2/keys/c/e", "-XPUT", "-H", "Content-Type: application/json", "-d", "{\"value\":\"json\"}"),
            List.of("/v2/keys/c/%E2%9C%93", "-XPUT", "-d", "value=check"),
            List.of("/v2/keys/c//double"),
            List.of("/v2/keys/c/f", "-XPATCH"),
            List.of("/v2/keys", "-XDELETE"),
            List.of("/version"),
            List.of("/health"),
            List.of("/v2/machines"),
            List.of("/v2/members"),
            List.of("/v2/members/leader"),
            List.of("/v2/stats/store", "-XPOST"),
            List.of("/v2/auth/enable"),
            List.of("/v2/auth/users"),
            List.of("/v2/auth/roles/root"),
            List.of("/v2/auth/roles/nope"),
            List.of("/v2/unknown"),
            List.of("/v2/keys/c/a", "--http2-prior-knowledge", "-S"));   // etcd resets it: fixture 321

    static String curl(String base, List<String> request) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-i", "--max-time", "5", "-H", "Expect:"));
        cmd.addAll(request.subList(1, request.size()));
        cmd.add(base + request.get(0));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return "exit " + p.exitValue() + "\n" + out;
    }

    static String mask(String s, String base) {
        s = Pattern.compile("(?m)^Date: [^\r\n]*").matcher(s).replaceAll("Date: <date>");
        s = Pattern.compile("(?m)^(X-Raft-Index|X-Raft-Term): \\d+").matcher(s).replaceAll("$1: <n>");
        if (s.contains("\"expiration\"")) {   // Go trims trailing zeros of the nanoseconds: the length varies
            s = Pattern.compile("(?m)^Content-Length: \\d+").matcher(s).replaceAll("Content-Length: <n>");
        }
        s = Pattern.compile("\"expiration\":\"[^\"]+\"").matcher(s).replaceAll("\"expiration\":\"<time>\"");
        s = Pattern.compile("\"ttl\":\\d+").matcher(s).replaceAll("\"ttl\":<n>");
        return s.replace(base, "<url>");
    }

    @Test
    void curlSeesTheFakeAsItSeesEtcd() throws Exception {
        RealEtcd.require(RealEtcd.runs(java.util.Map.of(), "curl", "--version"), "no curl on PATH");
        DifferentialRun.compare("curl", REQUESTS, request -> String.join(" ", request),
                (url, request) -> mask(curl(url, request), url));
    }
}
