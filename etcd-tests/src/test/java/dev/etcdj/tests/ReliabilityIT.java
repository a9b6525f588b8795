package dev.etcdj.tests;

import org.junit.jupiter.api.Nested;

/** The reliability soak, torture and lifecycle tests on real etcd (over both transports), the in-memory fake and the fake over HTTP. */
class ReliabilityIT {
    @Nested
    class OnRealEtcd extends ReliabilitySuite {
        OnRealEtcd() {
            super(Backend.REAL);
        }
    }

    @Nested
    class OnRealEtcdWithHttpClient extends ReliabilitySuite {
        OnRealEtcdWithHttpClient() {
            super(Backend.REAL_HTTP_CLIENT);
        }
    }

    @Nested
    class OnTheFake extends ReliabilitySuite {
        OnTheFake() {
            super(Backend.FAKE);
        }
    }

    @Nested
    class OnTheFakeServer extends ReliabilitySuite {
        OnTheFakeServer() {
            super(Backend.FAKE_HTTP);
        }
    }
}
