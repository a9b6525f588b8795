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
            if (EtcdProcess.findBinary().isEmpty()) {
                if ("true".equals(System.getenv("CI"))) {
                    throw new IllegalStateException("CI=true and no etcd binary on PATH (or ETCD_BINARY): "
                            + "integration tests must run; install etcd-server");
                }
                Assumptions.abort("no etcd binary on PATH; integration tests skipped (CI=true makes this a failure)");
            }
            EtcdProcess etcd = EtcdProcess.start();
            Runtime.getRuntime().addShutdownHook(new Thread(etcd::close, "etcdj-stop-etcd"));
            shared = etcd;
        }
        return shared;
    }

    /** Returns a key prefix no other test uses, so tests can share the server. */
    static String unique(String name) {
        return "/t" + Long.toString(System.nanoTime(), 36) + "-" + name;
    }
}
