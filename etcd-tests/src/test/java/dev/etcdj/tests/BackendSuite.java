package dev.etcdj.tests;

import dev.etcdj.api.Etcd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A suite that runs on one {@link Backend}, with a fresh client per test. */
abstract class BackendSuite {
    final Backend backend;
    Etcd etcd;

    BackendSuite(Backend backend) {
        this.backend = backend;
    }

    @BeforeEach
    void connect() {
        etcd = backend.client();
    }

    /** Waits up to 20 s for {@code condition}, failing with {@code what}. */
    static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            org.junit.jupiter.api.Assertions.assertTrue(System.nanoTime() < until, "timed out waiting: " + what);
            Thread.sleep(20);
        }
    }

    @AfterEach
    void close() {
        etcd.close();
    }
}
