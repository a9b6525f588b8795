package dev.etcdj.tests;

import org.junit.jupiter.api.Nested;

/** The lock recipe on real etcd and on the in-memory fake. */
class LockIT {
    @Nested
    class OnRealEtcd extends LockSuite {
        OnRealEtcd() {
            super(Backend.REAL);
        }
    }

    @Nested
    class OnTheFake extends LockSuite {
        OnTheFake() {
            super(Backend.FAKE);
        }
    }
}
