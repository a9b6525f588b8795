package dev.etcdj.tests;

import dev.etcdj.testkit.EtcdProcess;
import org.junit.jupiter.api.Assumptions;

/**
 * One real etcd per test JVM, started on first use and stopped at exit. Without an etcd binary the
 * integration tests are skipped, except under {@code CI=true}, where that is a failure.
 */
final class RealEtcd {
    private static EtcdProcess shared;

    private RealEtcd() {
    }

    static synchronized EtcdProcess shared() {
        if (shared == null) {
            requireBinary();
            EtcdProcess etcd = EtcdProcess.start();
            Runtime.getRuntime().addShutdownHook(new Thread(etcd::close, "etcdj-stop-etcd"));
            shared = etcd;
        }
        return shared;
    }

    private static EtcdProcess shared35;

    /**
     * One real etcd 3.5 per test JVM: {@code $ETCD35_BINARY}, else the one {@code tools/test} unpacks from
     * Debian's trixie package into {@code ~/.cache/etcdj/etcd-3.5}.
     */
    static synchronized EtcdProcess shared35() {
        if (shared35 == null) {
            java.nio.file.Path binary = etcd35().orElse(null);
            require(binary != null, "no etcd 3.5 (ETCD35_BINARY, or tools/test's ~/.cache/etcdj/etcd-3.5)");
            EtcdProcess etcd = EtcdProcess.start(binary);
            Runtime.getRuntime().addShutdownHook(new Thread(etcd::close, "etcdj-stop-etcd-3.5"));
            shared35 = etcd;
        }
        return shared35;
    }

    static java.util.Optional<java.nio.file.Path> etcd35() {
        String explicit = System.getenv("ETCD35_BINARY");
        java.nio.file.Path p = explicit != null && !explicit.isBlank() ? java.nio.file.Paths.get(explicit)
                : java.nio.file.Paths.get(System.getProperty("user.home"), ".cache", "etcdj", "etcd-3.5", "usr", "bin", "etcd");
        return java.nio.file.Files.isExecutable(p) ? java.util.Optional.of(p) : java.util.Optional.empty();
    }

    /** Requires an etcd binary (for tests that start their own servers) without starting the shared one. */
    static void requireBinary() {
        require(EtcdProcess.findBinary().isPresent(), "no etcd binary on PATH (or ETCD_BINARY); install etcd-server");
    }

    /**
     * What an integration test needs from the machine: if {@code present} is false the test is skipped, or,
     * under {@code CI=true}, fails, since there every test must run.
     */
    static void require(boolean present, String missing) {
        if (present) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true and " + missing + ": the integration tests must run");
        }
        Assumptions.abort(missing + "; skipped (CI=true makes this a failure)");
    }

    /** Whether {@code command} runs and exits 0 within 30 s, with {@code env} added to the environment. */
    static boolean runs(java.util.Map<String, String> env, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Returns a key prefix no other test uses, so tests can share the server. */
    static String unique(String name) {
        return "/t" + Long.toString(System.nanoTime(), 36) + "-" + name;
    }
}
