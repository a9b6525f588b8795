package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdException;
import dev.etcdj.api.admin.Member;
import dev.etcdj.http.EtcdHttp;
import dev.etcdj.testkit.EtcdProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fake as a drop-in for the etcd binary: {@code bin/etcd-fake} started with python-etcd's
 * {@code EtcdProcessHelper} command line reports the member and cluster ids that a real etcd started with
 * the same flags reports, and with {@code -data-dir} its store survives a stop and a restart.
 */
class EtcdCommandLineIT {
    static final Path LAUNCHER = Path.of("..", "etcd-testkit", "src", "main", "bin", "etcd-fake").toAbsolutePath().normalize();

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** python-etcd's EtcdProcessHelper.add_one, slot 0, with the ports it would get here (and v2 on, for etcd 3.4). */
    static List<String> pythonEtcdCommandLine(String binary, Path dataDir, int client, int peer) {
        String c = "http://127.0.0.1:" + client;
        String p = "http://127.0.0.1:" + peer;
        return new ArrayList<>(List.of(binary, "-data-dir", dataDir.toString(), "-name", "test-node-0",
                "-initial-advertise-peer-urls", p, "-listen-peer-urls", p, "-advertise-client-urls", c,
                "-listen-client-urls", c, "--enable-v2=true"));
    }

    static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until the member answers, at most 20 s; returns the time it took. */
    static long awaitReady(Etcd etcd, Process p, Path log) throws Exception {
        long start = System.nanoTime();
        while (true) {
            try {
                etcd.cluster().members();
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            } catch (EtcdException notYet) {
                if (!p.isAlive() || System.nanoTime() - start > TimeUnit.SECONDS.toNanos(20)) {
                    fail("did not start: " + Files.readString(log));
                }
                Thread.sleep(20);
            }
        }
    }

    static void stop(Process p) throws InterruptedException {
        p.destroy();   // SIGTERM, as harnesses do
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    @Test
    void startedAsPythonEtcdStartsEtcdItReportsWhatARealEtcdReports() throws Exception {
        RealEtcd.requireBinary();   // it starts its own server
        String realBinary = EtcdProcess.findBinary().orElseThrow().toString();
        int client = freePort();
        int peer = freePort();
        Path dir = Files.createTempDirectory("etcdj-cli");
        Member fakeMember;
        String fakeCluster;
        Process fake = start(pythonEtcdCommandLine(LAUNCHER.toString(), dir.resolve("fake"), client, peer), dir.resolve("fake.log"));
        try (Etcd etcd = EtcdHttp.connect("http://127.0.0.1:" + client)) {
            long ready = awaitReady(etcd, fake, dir.resolve("fake.log"));
            System.out.printf("etcd-fake answered %d ms after it was spawned%n", ready);
            fakeMember = etcd.cluster().members().get(0);
            fakeCluster = etcd.set("/cli", "v").clusterId();
            assertEquals(1, etcd.cluster().members().size());
        } finally {
            stop(fake);
        }
        Process real = start(pythonEtcdCommandLine(realBinary, dir.resolve("real"), client, peer), dir.resolve("real.log"));
        try (Etcd etcd = EtcdHttp.connect("http://127.0.0.1:" + client)) {
            awaitReady(etcd, real, dir.resolve("real.log"));
            assertEquals(etcd.cluster().members().get(0), fakeMember, "id, name, peer and client URLs as real etcd's");
            assertEquals(etcd.set("/cli", "v").clusterId(), fakeCluster, "the cluster id as real etcd's");
        } finally {
            stop(real);
        }
    }

    @Test
    void withADataDirTheStoreSurvivesAStopAndARestart() throws Exception {
        int client = freePort();
        int peer = freePort();
        Path dir = Files.createTempDirectory("etcdj-cli");
        List<String> command = pythonEtcdCommandLine(LAUNCHER.toString(), dir.resolve("data"), client, peer);
        Process first = start(command, dir.resolve("1.log"));
        long index;
        try (Etcd etcd = EtcdHttp.connect("http://127.0.0.1:" + client)) {
            awaitReady(etcd, first, dir.resolve("1.log"));
            etcd.mkdir("/dir");
            etcd.set("/dir/_hidden", "h");
            index = etcd.set("/dir/k", "line1\nline2 ✓").etcdIndex();
        } finally {
            stop(first);
        }
        Process second = start(command, dir.resolve("2.log"));
        try (Etcd etcd = EtcdHttp.connect("http://127.0.0.1:" + client)) {
            awaitReady(etcd, second, dir.resolve("2.log"));
            assertEquals("line1\nline2 ✓", etcd.get("/dir/k").node().asValue().value());
            assertEquals("h", etcd.get("/dir/_hidden").node().asValue().value());
            assertEquals(index, etcd.get("/dir/k").etcdIndex(), "the index is kept too");
        } finally {
            stop(second);
        }
    }
}
