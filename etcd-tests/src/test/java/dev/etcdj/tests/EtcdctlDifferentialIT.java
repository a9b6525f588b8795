package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * etcdctl (Debian's {@code etcd-client}, {@code ETCDCTL_API=2}) run with the same script against a fresh
 * real etcd and against the fake started with the same identity: the outputs (stdout, stderr, exit code)
 * must be identical once indexes, TTL seconds and the client URLs (the two servers' ports) are masked.
 */
class EtcdctlDifferentialIT {
    /** One command: its arguments, and what it reads on stdin (a password), or null. */
    record Command(String stdin, String... args) {
    }

    static Command c(String... args) {
        return new Command(null, args);
    }

    static final List<Command> SCRIPT = List.of(
            c("set", "/d/a", "1"), c("get", "/d/a"), c("mk", "/d/b", "2"), c("mk", "/d/b", "3"),
            c("update", "/d/a", "10"), c("update", "/nope", "1"), c("set", "/d/a", "11", "--swap-with-value", "10"),
            c("set", "/d/a", "12", "--swap-with-value", "99"), c("set", "/d/a", "13", "--swap-with-index", "1"),
            c("rm", "/d/b", "--with-value", "2"), c("rm", "/d/a", "--with-value", "nope"), c("mkdir", "/e"),
            c("mkdir", "/e"), c("setdir", "/f"), c("updatedir", "/f", "--ttl", "100"), c("ls"), c("ls", "-r", "--sort", "/"),
            c("ls", "-p", "/"), c("get", "/e"), c("rm", "/e", "--dir"), c("rmdir", "/f"), c("mk", "--in-order", "/q", "job1"),
            c("mk", "--in-order", "/q", "job2"), c("ls", "--sort", "/q"), c("set", "/t", "v", "--ttl", "60"),
            c("-o", "extended", "get", "/t"), c("-o", "json", "get", "/d/a"), c("rm", "-r", "/q"),
            c("watch", "--after-index", "1", "/d/a"), c("get", "/nope"), c("ls", "/nope"), c("set", "/d/x", "--ttl", "abc", "1"),
            c("mk", "/d/c", "1", "--ttl", "10"), c("update", "/d/c", "2", "--ttl", "20"), c("rm", "/nope"),
            c("ls", "-r", "-p", "--sort", "/d"), c("rm", "/d"), c("rm", "/d", "--recursive"), c("member", "list"),
            c("cluster-health"), c("role", "add", "app"), c("role", "grant", "app", "--path", "/app/*", "--readwrite"),
            c("role", "get", "app"), c("role", "list"), new Command("rootpw\n", "user", "add", "root"),
            new Command("alicepw\n", "user", "add", "alice"), c("user", "grant", "alice", "--roles", "app"), c("user", "get", "alice"),
            c("user", "list"), c("auth", "enable"), c("set", "/app/x", "1"), c("--username", "alice:alicepw", "set", "/app/x", "1"),
            c("--username", "alice:alicepw", "set", "/other", "1"), c("--username", "root:rootpw", "auth", "disable"));

    static String mask(String s) {
        s = Pattern.compile("\\[\\d+\\]").matcher(s).replaceAll("[<index>]");
        s = Pattern.compile("(Created-Index|Modified-Index|Index|TTL): \\d+").matcher(s).replaceAll("$1: <n>");
        s = Pattern.compile("\"(modifiedIndex|createdIndex|ttl)\":\\d+").matcher(s).replaceAll("\"$1\":<n>");
        s = Pattern.compile("\"expiration\":\"[^\"]+\"").matcher(s).replaceAll("\"expiration\":<time>");
        s = Pattern.compile("/\\d{20}").matcher(s).replaceAll("/<in-order>");
        return Pattern.compile("http://127\\.0\\.0\\.1:\\d+").matcher(s).replaceAll("<url>");
    }

    /**
     * An unsorted listing comes in Go's random map order from etcd (and in a seeded random order from the
     * fake): its lines are compared as a set.
     */
    static String unordered(Command command, String output) {
        List<String> args = List.of(command.args());
        if (!args.get(0).equals("ls") || args.contains("--sort")) {
            return output;
        }
        List<String> lines = new ArrayList<>(List.of(output.split("\n", -1)));
        int end = lines.indexOf("--- stderr");
        List<String> listing = new ArrayList<>(lines.subList(1, end));
        java.util.Collections.sort(listing);
        List<String> out = new ArrayList<>(lines.subList(0, 1));
        out.addAll(listing);
        out.addAll(lines.subList(end, lines.size()));
        return String.join("\n", out);
    }

    static String run(String endpoint, Command command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("etcdctl", "--endpoints", endpoint));
        cmd.addAll(List.of(command.args()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("ETCDCTL_API", "2");
        Path err = Files.createTempFile("etcdctl", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        if (command.stdin() != null) {
            p.getOutputStream().write(command.stdin().getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "etcdctl " + command.args()[0] + " finished");
        String error = Files.readString(err);
        Files.delete(err);
        return "exit " + p.exitValue() + "\n" + out + "--- stderr\n" + error;
    }

    @Test
    void etcdctlSeesTheFakeAsItSeesEtcd() throws Exception {
        RealEtcd.require(RealEtcd.runs(java.util.Map.of("ETCDCTL_API", "2"), "etcdctl", "--version"),
                "no etcdctl on PATH (Debian's etcd-client)");
        DifferentialRun.compare("etcdctl", SCRIPT, command -> String.join(" ", command.args()),
                (url, command) -> unordered(command, mask(run(url, command))));
    }
}
