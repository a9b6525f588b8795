package dev.etcdj.tests;

import org.junit.jupiter.api.Nested;

/** The keep-alive recipe on real etcd and on the in-memory fake (its sweep runs every 500 ms, as etcd's). */
class KeepAliveIT {
    @Nested
    class OnRealEtcd extends KeepAliveSuite {
        OnRealEtcd() {
            super(Backend.REAL);
        }
    }

    @Nested
    class OnTheFake extends KeepAliveSuite {
        OnTheFake() {
            super(Backend.FAKE);
        }
    }
}
