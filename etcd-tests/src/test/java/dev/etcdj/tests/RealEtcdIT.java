package dev.etcdj.tests;

import org.junit.jupiter.api.Nested;

/** The suites against a real etcd 3.4 started by the tests, over both transports. */
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

    @Nested
    class KeyOperationsWithHttpClient extends KeyOperationsSuite {
        KeyOperationsWithHttpClient() {
            super(Backend.REAL_HTTP_CLIENT);
        }
    }

    @Nested
    class TtlAndDirectoriesWithHttpClient extends TtlAndDirectoriesSuite {
        TtlAndDirectoriesWithHttpClient() {
            super(Backend.REAL_HTTP_CLIENT);
        }
    }

    @Nested
    class KeyEncodingWithHttpClient extends KeyEncodingSuite {
        KeyEncodingWithHttpClient() {
            super(Backend.REAL_HTTP_CLIENT);
        }
    }

    @Nested
    class ServerErrorsWithHttpClient extends ServerErrorsSuite {
        ServerErrorsWithHttpClient() {
            super(Backend.REAL_HTTP_CLIENT);
        }
    }

    @Nested
    class WatchesWithHttpClient extends WatchSuite {
        WatchesWithHttpClient() {
            super(Backend.REAL_HTTP_CLIENT);
        }
    }
}
