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

    @AfterEach
    void close() {
        etcd.close();
    }
}
