package dev.etcdj.tests;

import org.junit.jupiter.api.Nested;

/** Cluster, stats and auth calls on real etcd, the in-memory fake and the fake over HTTP; auth on 3-member clusters too. */
class AdminIT {
    @Nested
    class OnRealEtcd extends AdminSuite {
        OnRealEtcd() {
            super(Backend.REAL);
        }
    }

    @Nested
    class OnTheFake extends AdminSuite {
        OnTheFake() {
            super(Backend.FAKE);
        }
    }

    @Nested
    class OnTheFakeServer extends AdminSuite {
        OnTheFakeServer() {
            super(Backend.FAKE_HTTP);
        }
    }

    @Nested
    class AuthOnRealEtcd extends AuthSuite {
        AuthOnRealEtcd() {
            super(AuthSuite.Target.REAL);
        }
    }

    @Nested
    class AuthOnTheFake extends AuthSuite {
        AuthOnTheFake() {
            super(AuthSuite.Target.FAKE);
        }
    }

    @Nested
    class AuthOnTheFakeServer extends AuthSuite {
        AuthOnTheFakeServer() {
            super(AuthSuite.Target.FAKE_HTTP);
        }
    }

    @Nested
    class AuthOnARealCluster extends AuthSuite {
        AuthOnARealCluster() {
            super(AuthSuite.Target.REAL_CLUSTER);
        }
    }

    @Nested
    class AuthOnTheFakeCluster extends AuthSuite {
        AuthOnTheFakeCluster() {
            super(AuthSuite.Target.FAKE_CLUSTER);
        }
    }
}
