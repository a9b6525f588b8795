package dev.etcdj.tests;

import org.junit.jupiter.api.Nested;

/** The same suites through the HTTP adapter against FakeEtcdServer: the wire format must be the real one. */
class FakeEtcdServerTest {
    @Nested
    class KeyOperations extends KeyOperationsSuite {
        KeyOperations() {
            super(Backend.FAKE_HTTP);
        }
    }

    @Nested
    class TtlAndDirectories extends TtlAndDirectoriesSuite {
        TtlAndDirectories() {
            super(Backend.FAKE_HTTP);
        }
    }

    @Nested
    class KeyEncoding extends KeyEncodingSuite {
        KeyEncoding() {
            super(Backend.FAKE_HTTP);
        }
    }

    @Nested
    class ServerErrors extends ServerErrorsSuite {
        ServerErrors() {
            super(Backend.FAKE_HTTP);
        }
    }

    @Nested
    class Watches extends WatchSuite {
        Watches() {
            super(Backend.FAKE_HTTP);
        }
    }
}
