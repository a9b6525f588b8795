package dev.etcdj.tests;

import static dev.etcdj.v3.KvOption.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.testkit.FakeEtcdV3;
import dev.etcdj.testkit.ManualClock;
import dev.etcdj.v3.EtcdV3;
import dev.etcdj.v3.Lease;
import dev.etcdj.v3.LeaseNotFoundException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The v3 suite on the in-memory fake, and what only a fake can show: time under the test's control. */
class V3FakeTest {
    @Nested
    class Suite extends V3KvSuite {
        @Override
        EtcdV3 client() {
            return FakeEtcdV3.create().client();
        }
    }

    @Nested
    class Watches extends V3WatchSuite {
        @Override
        EtcdV3 client() {
            return FakeEtcdV3.create().client();
        }
    }

    @Test
    void aWatchWhoseStreamsAreDroppedAgainAndAgainDeliversEveryChangeOnceInOrder() throws Exception {
        FakeEtcdV3 fake = FakeEtcdV3.create();
        try (EtcdV3 etcd = fake.client()) {
            V3WatchSoak.run(etcd, etcd, fake::dropWatchStreams, 20_000, 4, Duration.ofMillis(1));
        }
    }

    @Test
    void anExpiredLeaseDeletesItsKeysInOneRevisionAtTheClocksWord() {
        ManualClock clock = ManualClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
        FakeEtcdV3 fake = FakeEtcdV3.create(clock);
        try (EtcdV3 etcd = fake.client()) {
            Lease lease = etcd.grantLease(Duration.ofSeconds(10));
            etcd.put("/s/a", "1", lease(lease.id()));
            etcd.put("/s/b", "2", lease(lease.id()));
            long before = fake.revision();
            clock.advance(Duration.ofSeconds(9));
            assertEquals(1, etcd.leaseTimeToLive(lease.id(), false).remaining().getSeconds());
            assertEquals(Duration.ofSeconds(10), etcd.keepAliveOnce(lease.id()).ttl());
            clock.advance(Duration.ofSeconds(9));
            assertEquals(2, etcd.get("/s/", prefix()).count(), "renewed: still alive");
            clock.advance(Duration.ofSeconds(1));
            assertEquals(0, etcd.get("/s/", prefix()).count());
            assertEquals(before + 1, fake.revision(), "both keys went in one revision");
            assertThrows(LeaseNotFoundException.class, () -> etcd.keepAliveOnce(lease.id()));
        }
    }
}
