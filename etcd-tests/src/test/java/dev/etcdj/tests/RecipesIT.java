package dev.etcdj.tests;

import org.junit.jupiter.api.Nested;

/** Every recipe on real etcd and on the in-memory fake. */
class RecipesIT {
    @Nested
    class LockOnRealEtcd extends LockSuite {
        LockOnRealEtcd() {
            super(Backend.REAL);
        }
    }

    @Nested
    class LockOnTheFake extends LockSuite {
        LockOnTheFake() {
            super(Backend.FAKE);
        }
    }

    @Nested
    class KeepAliveOnRealEtcd extends KeepAliveSuite {
        KeepAliveOnRealEtcd() {
            super(Backend.REAL);
        }
    }

    @Nested
    class KeepAliveOnTheFake extends KeepAliveSuite {
        KeepAliveOnTheFake() {
            super(Backend.FAKE);
        }
    }

    @Nested
    class ElectionOnRealEtcd extends ElectionSuite {
        ElectionOnRealEtcd() {
            super(Backend.REAL);
        }
    }

    @Nested
    class ElectionOnTheFake extends ElectionSuite {
        ElectionOnTheFake() {
            super(Backend.FAKE);
        }
    }

    @Nested
    class QueueOnRealEtcd extends QueueSuite {
        QueueOnRealEtcd() {
            super(Backend.REAL);
        }
    }

    @Nested
    class QueueOnTheFake extends QueueSuite {
        QueueOnTheFake() {
            super(Backend.FAKE);
        }
    }

    @Nested
    class SemaphoreOnRealEtcd extends SemaphoreSuite {
        SemaphoreOnRealEtcd() {
            super(Backend.REAL);
        }
    }

    @Nested
    class SemaphoreOnTheFake extends SemaphoreSuite {
        SemaphoreOnTheFake() {
            super(Backend.FAKE);
        }
    }

    @Nested
    class BarrierOnRealEtcd extends BarrierSuite {
        BarrierOnRealEtcd() {
            super(Backend.REAL);
        }
    }

    @Nested
    class BarrierOnTheFake extends BarrierSuite {
        BarrierOnTheFake() {
            super(Backend.FAKE);
        }
    }
}
