package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.testkit.EtcdProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An etcd a test JVM started does not outlive that JVM when it exits without closing it. */
class EtcdProcessCleanupIT {
    /** The child JVM: starts etcd, says where, and exits without closing it. */
    public static void main(String[] args) {
        EtcdProcess etcd = EtcdProcess.start();
        System.out.println(etcd.clientUrl());
        System.out.println(etcd.directory());
        System.out.flush();
        System.exit(0);
    }

    @Test
    void aJvmThatExitsWithoutClosingItsEtcdTakesItAlong() throws Exception {
        RealEtcd.requireBinary();
        List<String> said = childJvm(EtcdProcessCleanupIT.class, 2);
        String url = said.get(0);
        String dir = said.get(1);
        assertNotNull(url, "the child started etcd");
        URI u = URI.create(url);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean serving = true;
        while (serving && System.nanoTime() < until) {
            serving = accepts(u);
            if (serving) {
                Thread.sleep(100);
            }
        }
        assertFalse(serving, "etcd at " + url + " still serves after the JVM that started it exited");
        assertFalse(Files.exists(Path.of(dir)), "its data directory " + dir + " is left behind");
    }

    /** The child JVM of the next test: starts etcd, closes it in a shutdown hook of its own (as RealEtcd does), exits. */
    public static final class ClosingInAHook {
        public static void main(String[] args) {
            EtcdProcess etcd = EtcdProcess.start();
            Runtime.getRuntime().addShutdownHook(new Thread(etcd::close));
            System.out.println(etcd.directory());
            System.out.flush();
            System.exit(0);
        }
    }

    @Test
    void anEtcdClosedInAShutdownHookLeavesNoDataDirectory() throws Exception {
        RealEtcd.requireBinary();
        for (int i = 0; i < 3; i++) {   // the hooks race each other: try it more than once
            String dir = childJvm(ClosingInAHook.class, 1).get(0);
            assertNotNull(dir, "the child started etcd");
            assertFalse(Files.exists(Path.of(dir)), "its data directory " + dir + " is left behind");
        }
    }

    /** Runs {@code main} in a child JVM on this class path, reads the first {@code lines} it prints, and waits for it to exit. */
    static List<String> childJvm(Class<?> main, int lines) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), main.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> said = new java.util.ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (int i = 0; i < lines; i++) {
                said.add(out.readLine());
            }
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM exits");
        return said;
    }

    static boolean accepts(URI u) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
