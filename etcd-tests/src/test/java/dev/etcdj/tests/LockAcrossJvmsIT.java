package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Separate processes contend for one lock on real etcd and increment a counter kept in etcd with a plain
 * read and write under it: two JVMs, then a JVM and a python-etcd process using its own {@code etcd.Lock}.
 * Sorted by fencing token, the counter values read must be 0, 1, 2, ...: two holders at once would read
 * the same value, a stale token would be out of order.
 */
class LockAcrossJvmsIT {
    static final int ROUNDS = 200;

    final String url = RealEtcd.shared().clientUrl();
    final String name = RealEtcd.unique("processes").substring(1);
    final String counter = RealEtcd.unique("processes-counter");

    ProcessBuilder jvm(int threads) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                LockProbe.class.getName(), url, name, counter, Integer.toString(threads), Integer.toString(ROUNDS));
    }

    @Test
    void twoJvmsExcludeEachOtherAndTheirFencingTokensOrderEveryUpdate() throws Exception {
        checkExclusion(List.of(jvm(2), jvm(2)), 2 * 2 * ROUNDS);
    }

    @Test
    void aJvmAndAPythonEtcdProcessExcludeEachOtherOnPythonEtcdsLayout() throws Exception {
        Optional<Path> found = pythonWithPythonEtcd();
        RealEtcd.require(found.isPresent(), "no python3 with python-etcd (Debian's python3-etcd)");
        Path python = found.orElseThrow();
        ProcessBuilder py = new ProcessBuilder(python.toString(), Path.of("src/test/python/lock_probe.py").toString(),
                url, name, counter, Integer.toString(ROUNDS));
        checkExclusion(List.of(jvm(2), py), 2 * ROUNDS + ROUNDS);
    }

    /** The first python3 (Debian's, then the PATH's) that can import python-etcd. */
    static Optional<Path> pythonWithPythonEtcd() {
        return List.of("/usr/bin/python3", "python3").stream()
                .filter(candidate -> RealEtcd.runs(java.util.Map.of(), candidate, "-c", "import etcd")).findFirst().map(Path::of);
    }

    void checkExclusion(List<ProcessBuilder> builders, int total) throws Exception {
        List<Process> processes = new ArrayList<>();
        List<CompletableFuture<String>> outputs = new ArrayList<>();
        for (ProcessBuilder b : builders) {
            Process p = b.redirectErrorStream(true).start();
            processes.add(p);
            outputs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        TreeMap<Long, Long> readByToken = new TreeMap<>();
        TreeMap<Long, Integer> processByToken = new TreeMap<>();
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the probe finished");
            String out = outputs.get(i).get(1, TimeUnit.MINUTES);
            assertEquals(0, p.exitValue(), out);
            for (String line : out.strip().split("\n")) {
                String[] parts = line.split(" ");
                assertNull(readByToken.put(Long.parseLong(parts[0]), Long.parseLong(parts[1])), "a token handed out twice");
                processByToken.put(Long.parseLong(parts[0]), i);
            }
        }
        assertEquals(total, readByToken.size());
        long expected = 0;
        for (long value : readByToken.values()) {
            assertEquals(expected++, value, "in token order each holder saw the previous holder's write");
        }
        long handovers = 0;
        Integer previous = null;
        for (int process : processByToken.values()) {
            handovers += previous != null && previous != process ? 1 : 0;
            previous = process;
        }
        assertTrue(handovers >= 3, "the processes contended (the lock went from one to another "
                + handovers + " times)");
        try (var etcd = RealEtcd.shared().client()) {
            assertEquals(Integer.toString(total), etcd.get(counter).node().asValue().value());
        }
    }
}
