package dev.etcdj.tests;

import org.junit.jupiter.api.Nested;

/** The suites against a real etcd 3.4 started by the tests. */
class RealEtcdIT {
    @Nested
    class KeyOperations extends KeyOperationsSuite {
        KeyOperations() {
            super(Backend.REAL);
        }
    }

    @Nested
    class TtlAndDirectories extends TtlAndDirectoriesSuite {
        TtlAndDirectories() {
            super(Backend.REAL);
        }
    }

    @Nested
    class KeyEncoding extends KeyEncodingSuite {
        KeyEncoding() {
            super(Backend.REAL);
        }
    }

    @Nested
    class ServerErrors extends ServerErrorsSuite {
        ServerErrors() {
            super(Backend.REAL);
        }
    }

    @Nested
    class Watches extends WatchSuite {
        Watches() {
            super(Backend.REAL);
        }
    }
}
