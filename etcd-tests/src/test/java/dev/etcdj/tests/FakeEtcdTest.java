package dev.etcdj.tests;

import org.junit.jupiter.api.Nested;

/** The same suites against the in-memory FakeEtcd: it must behave as the real server does. */
class FakeEtcdTest {
    @Nested
    class KeyOperations extends KeyOperationsSuite {
        KeyOperations() {
            super(Backend.FAKE);
        }
    }

    @Nested
    class TtlAndDirectories extends TtlAndDirectoriesSuite {
        TtlAndDirectories() {
            super(Backend.FAKE);
        }
    }

    @Nested
    class KeyEncoding extends KeyEncodingSuite {
        KeyEncoding() {
            super(Backend.FAKE);
        }
    }

    @Nested
    class Watches extends WatchSuite {
        Watches() {
            super(Backend.FAKE);
        }
    }
}
