package dev.etcdj.tests;

import static dev.etcdj.v3.KvOption.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.testkit.FakeEtcdV3;
import dev.etcdj.testkit.ManualClock;
import dev.etcdj.v3.Alarm;
import dev.etcdj.v3.EtcdV3;
import dev.etcdj.v3.EtcdV3ServerException;
import dev.etcdj.v3.GrpcCode;
import dev.etcdj.v3.Lease;
import dev.etcdj.v3.LeaseNotFoundException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    @Nested
    class Admin extends V3AdminSuite {
        @Override
        EtcdV3 client() {
            return FakeEtcdV3.create().client();
        }

        @Override
        String endpoint() {
            return "http://127.0.0.1:2379";
        }
    }

    @Nested
    class Auth extends V3AuthSuite {
        final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
        FakeEtcdV3 fake;

        @Override
        void startServer() {
            fake = FakeEtcdV3.create(clock);
        }

        @Override
        void stopServer() {
            fake.close();
        }

        @Override
        EtcdV3 anonymousClient() {
            return fake.client();
        }

        @Override
        EtcdV3 clientAs(String user, char[] password) {
            return fake.client(user, password);
        }

        @Override
        void expireTokens() {
            clock.advance(Duration.ofMinutes(5));
        }
    }

    @Test
    void aViewsTimeoutIsPositive() {
        try (EtcdV3 etcd = FakeEtcdV3.create().client()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> etcd.withTimeout(Duration.ZERO));
            assertEquals("timeout <= 0: PT0S", e.getMessage());
            assertThrows(NullPointerException.class, () -> etcd.withTimeout(null));
            etcd.withTimeout(Duration.ofMillis(1)).put("/t", "v");
        }
    }

    @Test
    void aNoSpaceAlarmRefusesWritesThatAddDataUntilItIsDisarmed() {
        FakeEtcdV3 fake = FakeEtcdV3.create();
        try (EtcdV3 etcd = fake.client()) {
            etcd.put("/full/a", "1");
            fake.raiseAlarm(Alarm.Type.NOSPACE);
            EtcdV3ServerException full = assertThrows(EtcdV3ServerException.class, () -> etcd.put("/full/b", "2"));
            assertEquals(GrpcCode.RESOURCE_EXHAUSTED, full.code());
            assertEquals("etcdserver: mvcc: database space exceeded", full.serverMessage());
            assertThrows(EtcdV3ServerException.class, () -> etcd.grantLease(Duration.ofSeconds(10)));
            assertEquals(1, etcd.delete("/full/a").deleted(), "a delete frees space: allowed");
            Alarm alarm = new Alarm(FakeEtcdV3.MEMBER_ID, Alarm.Type.NOSPACE);
            assertEquals(List.of(alarm), etcd.maintenance().alarms());
            assertEquals(1, etcd.maintenance().status().errors().size());
            assertEquals(List.of(alarm), etcd.maintenance().disarm(alarm));
            etcd.put("/full/b", "2");
        }
    }

    @Test
    void aVotingMemberThatNeverStartsTakesTheQuorumAwayAsItWouldFromEtcd() {
        try (EtcdV3 etcd = FakeEtcdV3.create().client()) {
            etcd.cluster().add(List.of(URI.create("http://127.0.0.1:2390")), false);
            EtcdV3ServerException e = assertThrows(EtcdV3ServerException.class, () -> etcd.put("/q", "v"));
            assertEquals(GrpcCode.UNAVAILABLE, e.code());
            assertEquals("etcdserver: request timed out", e.serverMessage());
            assertEquals(2, etcd.cluster().members().size(), "the member list is served locally");
            assertEquals(0, etcd.maintenance().status().leader(), "no leader without a quorum");
        }
    }

    @Test
    void removingTheOnlyStartedVoterIsRefused() {
        try (EtcdV3 etcd = FakeEtcdV3.create().client()) {
            EtcdV3ServerException e = assertThrows(EtcdV3ServerException.class,
                    () -> etcd.cluster().remove(FakeEtcdV3.MEMBER_ID));
            assertEquals("etcdserver: re-configuration failed due to not enough started members", e.serverMessage());
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
