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
