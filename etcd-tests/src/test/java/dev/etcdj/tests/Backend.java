package dev.etcdj.tests;

import dev.etcdj.api.Etcd;
import dev.etcdj.testkit.FakeEtcd;
import dev.etcdj.testkit.FakeEtcdServer;

/**
 * Where a suite runs: a real etcd, the in-memory fake, or the fake behind HTTP. One shared server of each
 * kind per test JVM; suites use unique key prefixes.
 */
enum Backend {
    REAL {
        @Override
        Etcd client() {
            return RealEtcd.shared().client();
        }

        @Override
        String url() {
            return RealEtcd.shared().clientUrl();
        }
    },
    FAKE {
        @Override
        Etcd client() {
            return Shared.FAKE.client();
        }

        @Override
        String url() {
            throw new UnsupportedOperationException("the in-memory fake has no URL");
        }
    },
    FAKE_HTTP {
        @Override
        Etcd client() {
            return Shared.SERVER.client();
        }

        @Override
        String url() {
            return Shared.SERVER.url();
        }
    };

    abstract Etcd client();

    abstract String url();

    private static final class Shared {
        static final FakeEtcd FAKE = FakeEtcd.create();
        static final FakeEtcdServer SERVER = FakeEtcdServer.start();
    }
}
