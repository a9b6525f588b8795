package dev.etcdj.tests;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.spi.EtcdAdapter;
import dev.etcdj.http.HttpAdapter;
import dev.etcdj.http.Transport;
import dev.etcdj.testkit.FakeEtcd;
import dev.etcdj.testkit.FakeEtcdServer;

/**
 * Where a suite runs: a real etcd (over either transport), the in-memory fake, or the fake behind HTTP. One shared server of each
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

        @Override
        EtcdAdapter adapter() {
            return HttpAdapter.newBuilder().endpoints(url()).build();
        }
    },
    /** The real etcd through the {@code HttpClient} transport (the others use the default, sockets). */
    REAL_HTTP_CLIENT {
        @Override
        Etcd client() {
            return Etcd.of(adapter());
        }

        @Override
        String url() {
            return RealEtcd.shared().clientUrl();
        }

        @Override
        EtcdAdapter adapter() {
            return HttpAdapter.newBuilder().transport(Transport.HTTP_CLIENT).endpoints(url()).build();
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

        @Override
        EtcdAdapter adapter() {
            return Shared.FAKE.adapter();
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

        @Override
        EtcdAdapter adapter() {
            return HttpAdapter.newBuilder().endpoints(url()).build();
        }
    };

    abstract Etcd client();

    abstract String url();

    /** Returns a new adapter onto the backend, for tests that wrap it. */
    abstract EtcdAdapter adapter();

    private static final class Shared {
        static final FakeEtcd FAKE = FakeEtcd.create();
        static final FakeEtcdServer SERVER = FakeEtcdServer.start();
    }
}
