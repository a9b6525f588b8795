package dev.etcdj.tests;

import static dev.etcdj.v3.KvOption.lease;
import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.EtcdConnectionException;
import dev.etcdj.testkit.EtcdProcess;
import dev.etcdj.testkit.EtcdProcessCluster;
import dev.etcdj.v3.Lease;
import dev.etcdj.v3.LeaseEnd;
import dev.etcdj.v3.LeaseKeepAlive;
import dev.etcdj.v3.EtcdV3;
import dev.etcdj.v3.http.GatewayAdapter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import dev.etcdj.v3.Watch;
import dev.etcdj.v3.WatchEvent;
import static dev.etcdj.v3.KvOption.prefix;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The v3 suite on real etcd 3.4 (Debian bookworm) and 3.5 (Debian trixie), over the JSON gateway. */
class V3OnRealEtcdIT {
    static EtcdV3 client(EtcdProcess etcd, String... before) {
        return EtcdV3.of(GatewayAdapter.newBuilder().endpoints(before).endpoints(etcd.clientUrl()).build());
    }

    /** A loopback URL nobody listens on: a port bound, then released. */
    static String deadUrl() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Nested
    class On34 extends V3KvSuite {
        @Override
        EtcdV3 client() {
            return V3OnRealEtcdIT.client(RealEtcd.shared());
        }
    }

    @Nested
    class On35 extends V3KvSuite {
        @Override
        EtcdV3 client() {
            return V3OnRealEtcdIT.client(RealEtcd.shared35());
        }
    }

    @Nested
    class WatchOn34 extends V3WatchSuite {
        @Override
        EtcdV3 client() {
            return V3OnRealEtcdIT.client(RealEtcd.shared());
        }
    }

    @Nested
    class WatchOn35 extends V3WatchSuite {
        @Override
        EtcdV3 client() {
            return V3OnRealEtcdIT.client(RealEtcd.shared35());
        }
    }

    @Test
    void aWatchWhoseConnectionsAreCutAgainAndAgainDeliversEveryChangeOnceInOrder() throws Exception {
        EtcdProcess etcd = RealEtcd.shared35();
        try (CuttingProxy proxy = new CuttingProxy(etcd.clientUrl());
             EtcdV3 writer = client(etcd);
             EtcdV3 watcher = EtcdV3.of(GatewayAdapter.newBuilder().endpoints(proxy.url()).build())) {
            V3WatchSoak.run(writer, watcher, proxy::cutAll, 20_000, 4, Duration.ofMillis(150));
            assertTrue(proxy.cuts() > 0);
        }
    }

    /** 2.4 MB of history in one catch-up answer: etcd splits it into fragments past its 1.5 MiB limit. */
    static void aLargeCatchUpArrivesWholeAndInOrder(EtcdProcess etcd) {
        String root = RealEtcd.unique("v3-fragments");
        byte[] big = new byte[12 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');
        try (EtcdV3 client = client(etcd)) {
            long first = 0;
            for (int i = 0; i < 200; i++) {
                long rev = client.put(dev.etcdj.v3.ByteSequence.of(root + "/" + i), dev.etcdj.v3.ByteSequence.of(big)).header().revision();
                first = first == 0 ? rev : first;
            }
            try (Watch w = client.watch(root + "/", prefix(), dev.etcdj.v3.KvOption.fromRevision(first))) {
                for (int i = 0; i < 200; i++) {
                    WatchEvent.Put put = (WatchEvent.Put) w.poll(Duration.ofSeconds(20))
                            .orElseThrow(() -> new AssertionError("the catch-up stopped: " + w));
                    assertEquals(root + "/" + i, put.kv().key().asString());
                    assertEquals(first + i, put.revision(), "in order");
                    assertEquals(big.length, put.kv().value().size());
                }
                assertEquals(0, w.resumes(), "the big answer did not break the stream");
            }
        }
    }

    @Test
    void aLargeCatchUpArrivesWholeAndInOrderOn34() {
        aLargeCatchUpArrivesWholeAndInOrder(RealEtcd.shared());
    }

    @Test
    void aLargeCatchUpArrivesWholeAndInOrderOn35() {
        aLargeCatchUpArrivesWholeAndInOrder(RealEtcd.shared35());
    }

    @Test
    void theWatchesOfOneClientShareOneWebSocketOn34() throws Exception {
        V3WatchSharing.run(RealEtcd.shared().clientUrl());
    }

    @Test
    void theWatchesOfOneClientShareOneWebSocketOn35() throws Exception {
        V3WatchSharing.run(RealEtcd.shared35().clientUrl());
    }

    @Test
    void anAuthenticatedWatchOverPostWhoseConnectionsAreCutDeliversEveryChangeOnceInOrder() throws Exception {
        char[] pw = "soak-root-pw".toCharArray();
        try (EtcdProcess etcd = EtcdProcess.start(RealEtcd.etcd35().orElseThrow(), "--auth-token-ttl", "2");
             CuttingProxy proxy = new CuttingProxy(etcd.clientUrl())) {
            try (EtcdV3 setup = client(etcd)) {
                setup.auth().addUser("root", pw);
                setup.auth().grantRole("root", "root");
                setup.auth().enable();
            }
            try (EtcdV3 writer = EtcdV3.of(GatewayAdapter.newBuilder().endpoints(etcd.clientUrl()).credentials("root", pw).build());
                 EtcdV3 watcher = EtcdV3.of(GatewayAdapter.newBuilder().endpoints(proxy.url()).credentials("root", pw).build())) {
                V3WatchSoak.run(writer, watcher, proxy::cutAll, 5_000, 4, Duration.ofMillis(150));
                assertTrue(proxy.cuts() > 0);
            }
        }
    }

    @Test
    void aWatchResumesOnAnotherMemberWhenItsMemberDiesLosingAndRepeatingNothing() throws Exception {
        try (EtcdProcessCluster cluster = EtcdProcessCluster.start(3)) {
            // the watch's member is a follower: killing the leader would fail the writes until a new one is elected
            EtcdProcessCluster.Member first = cluster.followers().get(0);
            EtcdProcessCluster.Member leader = cluster.leader();
            List<String> urls = new java.util.ArrayList<>(List.of(first.clientUrl()));
            cluster.members().stream().filter(m -> m != first).forEach(m -> urls.add(m.clientUrl()));
            try (EtcdV3 watcher = EtcdV3.of(GatewayAdapter.newBuilder().endpoints(urls.toArray(String[]::new))
                         .watchHeartbeat(Duration.ofMillis(500)).build());
                 EtcdV3 writer = EtcdV3.of(GatewayAdapter.newBuilder().endpoints(leader.clientUrl()).build());
                 Watch w = watcher.watch("/death/", prefix())) {
                long a = writer.put("/death/a", "1").header().revision();
                assertEquals(a, w.poll(Duration.ofSeconds(10)).orElseThrow().revision());
                first.kill();
                long b = writer.put("/death/b", "2").header().revision();
                long c = writer.put("/death/c", "3").header().revision();
                WatchEvent eb = w.poll(Duration.ofSeconds(20)).orElseThrow(() -> new AssertionError("no resume: " + w));
                WatchEvent ec = w.poll(Duration.ofSeconds(10)).orElseThrow();
                assertEquals(List.of(b, c), List.of(eb.revision(), ec.revision()));
                assertTrue(w.resumes() > 0, w.toString());
                assertTrue(w.poll(Duration.ofMillis(300)).isEmpty(), "nothing repeated");
            }
        }
    }

    @Nested
    class AdminOn34 extends V3AdminSuite {
        @Override
        EtcdV3 client() {
            return V3OnRealEtcdIT.client(RealEtcd.shared());
        }

        @Override
        String endpoint() {
            return RealEtcd.shared().clientUrl();
        }

        @Override
        boolean servesHashKv() {
            return false;
        }
    }

    @Nested
    class AdminOn35 extends V3AdminSuite {
        @Override
        EtcdV3 client() {
            return V3OnRealEtcdIT.client(RealEtcd.shared35());
        }

        @Override
        String endpoint() {
            return RealEtcd.shared35().clientUrl();
        }
    }

    /** The auth suite on a server of each test's own, its tokens living one second. */
    abstract static class AuthOnRealEtcd extends V3AuthSuite {
        EtcdProcess server;

        abstract java.nio.file.Path binary();

        @Override
        void startServer() {
            server = EtcdProcess.start(binary(), "--auth-token-ttl", "1");
        }

        @Override
        void stopServer() {
            server.close();
        }

        @Override
        EtcdV3 anonymousClient() {
            return V3OnRealEtcdIT.client(server);
        }

        @Override
        EtcdV3 clientAs(String user, char[] password) {
            return EtcdV3.of(GatewayAdapter.newBuilder().endpoints(server.clientUrl()).credentials(user, password).build());
        }

        @Override
        void expireTokens() throws InterruptedException {
            Thread.sleep(2_500);   // etcd checks its simple tokens' TTL every second
        }
    }

    @Nested
    class AuthOn34 extends AuthOnRealEtcd {
        @Override
        java.nio.file.Path binary() {
            RealEtcd.requireBinary();
            return EtcdProcess.findBinary().orElseThrow();
        }

        @Override
        boolean servesAuthStatus() {
            return false;
        }
    }

    @Nested
    class AuthOn35 extends AuthOnRealEtcd {
        @Override
        java.nio.file.Path binary() {
            return RealEtcd.etcd35().orElseThrow();
        }
    }

    @Test
    void aDeadEndpointIsSkippedForWritesThatNeverLeftAndForReads() {
        String root = RealEtcd.unique("v3-failover");
        try (EtcdV3 two = client(RealEtcd.shared35(), deadUrl())) {
            two.put(root, "v");
            assertEquals("v", two.get(root).first().orElseThrow().value().asString());
        }
    }

    @Test
    void aServerThatIsGoneIsAConnectionFailureThatWasNotApplied() {
        String dead = deadUrl();
        try (EtcdV3 etcd = EtcdV3.of(GatewayAdapter.newBuilder().endpoints(dead).build())) {
            EtcdConnectionException e = assertThrows(EtcdConnectionException.class, () -> etcd.put("/x", "v"));
            assertFalse(e.mayHaveBeenApplied(), e.getMessage());
            assertTrue(e.getMessage().startsWith("could not connect for put /x at " + dead), e.getMessage());
        }
    }

    @Test
    void aKeepAliveWhoseServerIsGoneReportsTheLossWithinTheTtl() throws Exception {
        EtcdProcess own = EtcdProcess.start(RealEtcd.etcd35().orElseThrow());
        try (EtcdV3 etcd = client(own)) {
            Lease lease = etcd.grantLease(Duration.ofSeconds(3));
            LeaseKeepAlive alive = etcd.keepAlive(lease.id());
            own.close();
            long gone = System.nanoTime();
            LeaseEnd end = alive.ended().get(3 + 2, TimeUnit.SECONDS);   // the TTL, and the time to notice
            LeaseEnd.Lost lost = assertInstanceOf(LeaseEnd.Lost.class, end);
            assertInstanceOf(EtcdConnectionException.class, lost.cause(), lost.cause().toString());
            assertTrue(System.nanoTime() - gone >= TimeUnit.SECONDS.toNanos(1), "not before the lease could have ended");
        } finally {
            own.close();
        }
    }

    @Test
    void aKeepAliveGoesOnAcrossARestartOfTheMember() throws Exception {
        try (EtcdProcessCluster cluster = EtcdProcessCluster.start(1);
             EtcdV3 etcd = EtcdV3.of(GatewayAdapter.newBuilder().endpoints(cluster.member(0).clientUrl()).build())) {
            Lease lease = etcd.grantLease(Duration.ofSeconds(4));
            etcd.put("/restart/a", "alive", lease(lease.id()));
            try (LeaseKeepAlive alive = etcd.keepAlive(lease.id())) {
                cluster.member(0).kill();
                cluster.member(0).restart();
                Thread.sleep(5_000);   // past the TTL counted from before the restart
                assertFalse(alive.isEnded(), () -> String.valueOf(alive.ended().join()));
                assertEquals(1, etcd.get("/restart/a").count(), "the key outlived its TTL: the lease was renewed");
            }
        }
    }
}
