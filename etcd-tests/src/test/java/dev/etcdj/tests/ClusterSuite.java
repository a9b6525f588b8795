package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdAdminException;
import dev.etcdj.api.EtcdConnectionException;
import dev.etcdj.api.admin.EtcdCluster;
import dev.etcdj.api.admin.Member;
import dev.etcdj.http.HttpAdapter;
import dev.etcdj.testkit.EtcdProcess;
import dev.etcdj.testkit.EtcdProcessCluster;
import dev.etcdj.testkit.FakeEtcdCluster;
import dev.etcdj.testkit.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The cluster tests on one kind of cluster, started once for the class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ClusterSuite {
    TestCluster cluster;

    abstract TestCluster start();

    /** The transport the suite's clients use; {@code ClusterIT} runs it on both. */
    dev.etcdj.http.Transport transport() {
        return dev.etcdj.http.Transport.SOCKETS;
    }

    HttpAdapter.Builder builder() {
        return HttpAdapter.newBuilder().transport(transport());
    }

    /** A new client on every member's client URL. */
    Etcd clusterClient() {
        return Etcd.of(builder().endpoints(cluster.clientUrls().toArray(String[]::new)).build());
    }

    @BeforeAll
    void startCluster() {
        cluster = start();
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    Etcd on(TestCluster.Member m) {
        return Etcd.of(builder().endpoints(m.clientUrl()).build());
    }

    static Set<String> names(List<Member> members) {
        return members.stream().map(Member::name).collect(Collectors.toSet());
    }

    @Test
    @Order(1)
    void everyMemberDescribesTheSameClusterAndOnlyTheLeaderHasLeaderStats() {   // G1-G9 on three members
        TestCluster.Member leader = cluster.leader();
        for (TestCluster.Member m : cluster.members()) {
            try (Etcd etcd = on(m)) {
                EtcdCluster admin = etcd.cluster();
                assertEquals(Set.of("m1", "m2", "m3"), names(admin.members()));
                assertEquals(3, admin.machines().size());
                assertEquals(leader.name(), admin.leader().name(), "every member names the same leader");
                assertEquals(m.name(), admin.selfStats().name());
                assertEquals(m == leader ? "StateLeader" : "StateFollower", admin.selfStats().state());
                assertTrue(admin.isHealthy());
                assertTrue(admin.storeStats().counters().containsKey("watchers"));
                assertFalse(admin.version().server().isEmpty());
                if (m == leader) {
                    assertEquals(2, admin.leaderStats().followers().size());
                } else {
                    EtcdAdminException e = assertThrows(EtcdAdminException.class, admin::leaderStats);
                    assertEquals(EtcdAdminException.Kind.FORBIDDEN, e.kind(), e.getMessage());
                }
            }
        }
    }

    @Test
    @Order(2)
    void readsGoOnWhenTheMemberInUseStopsAndItIsSetAside() {
        // a follower first, so that stopping it elects nobody: the test is about the client, not raft
        List<TestCluster.Member> order = new java.util.ArrayList<>(cluster.followers());
        order.add(cluster.leader());
        TestCluster.Member first = order.get(0);
        HttpAdapter adapter = builder().endpoints(order.stream().map(TestCluster.Member::clientUrl)
                .toArray(String[]::new)).build();
        try (Etcd etcd = Etcd.of(adapter)) {
            etcd.set("/cluster/failover", "before");
            first.stop();
            try {
                for (int i = 0; i < 20; i++) {
                    assertEquals("before", etcd.get("/cluster/failover").node().asValue().value());
                }
                etcd.set("/cluster/failover", "after");   // refused connections: provably not sent, so it moved on
                assertTrue(adapter.toString().contains("set aside [" + first.clientUrl() + "]"), adapter.toString());
            } finally {
                first.restart();
            }
            assertEquals("after", etcd.get("/cluster/failover").node().asValue().value());
        }
    }

    @Test
    @Order(3)
    void aWriteWhoseAnswerWasLostSaysItMayHaveBeenApplied() throws Exception {
        TestCluster.Member member = cluster.followers().get(0);
        try (Etcd etcd = on(member)) {
            etcd.get("/");   // a pooled connection
            member.pause();
            CompletableFuture<?> write = etcd.async().set("/cluster/lost", "v", dev.etcdj.api.Option.timeout(Duration.ofSeconds(20)));
            Thread.sleep(300);
            member.kill();   // the request was sent; its answer never comes
            Throwable cause = assertThrows(java.util.concurrent.ExecutionException.class, () -> write.get(30, TimeUnit.SECONDS)).getCause();
            EtcdConnectionException e = assertInstanceOf(EtcdConnectionException.class, cause);
            assertTrue(e.mayHaveBeenApplied(), e.getMessage());
        } finally {
            member.restart();
        }
    }

    @Test
    @Order(4)
    void discoveryFindsEveryMemberFromOneSeedAndFollowsAddsAndRemoves() throws Exception {
        TestCluster.Member seed = cluster.followers().get(0);
        HttpAdapter proxied = builder().endpoints(seed.clientUrl()).build();   // A6: the default keeps what it was given
        try (Etcd etcd = Etcd.of(proxied)) {
            etcd.cluster().members();
            assertEquals(List.of(seed.clientUrl()), proxied.refreshMembers().get(10, TimeUnit.SECONDS));
        }
        HttpAdapter adapter = builder().endpoints(seed.clientUrl()).discoverMembers().build();
        try (Etcd etcd = Etcd.of(adapter)) {
            assertEquals(Set.copyOf(cluster.clientUrls()), Set.copyOf(adapter.refreshMembers().get(10, TimeUnit.SECONDS)));
            TestCluster.Member added = cluster.addMember();
            assertTrue(adapter.refreshMembers().get(10, TimeUnit.SECONDS).contains(added.clientUrl()), "the new member is used");
            assertEquals(4, etcd.cluster().members().size());
            cluster.removeMember(added);
            assertFalse(adapter.refreshMembers().get(10, TimeUnit.SECONDS).contains(added.clientUrl()), "the removed one is dropped");
            seed.stop();
            try {
                // a read first: it clears the client's pooled connection to the stopped seed (a read may be
                // re-sent; a write sent on that dead connection could not be, it might have been applied)
                etcd.get("/");
                etcd.set("/cluster/discovered", "through the others");
                assertEquals("through the others", etcd.get("/cluster/discovered").node().asValue().value());
            } finally {
                seed.restart();
            }
        }
    }

    @Test
    @Order(5)
    void aMembersPeerUrlsCanBeUpdatedInPlace() {   // G2: update, on a running cluster
        try (Etcd etcd = clusterClient()) {
            Member m2 = etcd.cluster().members().stream().filter(m -> m.name().equals("m2")).findFirst().orElseThrow();
            etcd.cluster().updateMember(m2.id(), m2.peerUrls().toArray(java.net.URI[]::new));
            Member after = etcd.cluster().members().stream().filter(m -> m.id().equals(m2.id())).findFirst().orElseThrow();
            assertEquals(m2.peerUrls(), after.peerUrls());
            etcd.set("/cluster/after-update", "ok");   // the cluster still commits
        }
    }

    @Test
    @Order(6)
    void whenTheLeaderStopsAnotherMemberLeadsAndEveryoneSaysSo() throws Exception {
        TestCluster.Member old = cluster.leader();
        old.stop();
        try {
            BackendSuite.awaitTrue(() -> {
                try {
                    return cluster.leader() != old;
                } catch (RuntimeException electing) {
                    return false;
                }
            }, "a new leader");
            TestCluster.Member now = cluster.leader();
            for (TestCluster.Member m : cluster.members()) {
                if (m.isRunning()) {
                    try (Etcd etcd = on(m)) {
                        assertEquals(now.name(), etcd.cluster().leader().name(), m + " names the new leader");
                    }
                }
            }
        } finally {
            old.restart();
        }
    }

    @Test
    @Order(7)
    void withoutAMajorityWritesFailAndPlainReadsGoOn() throws Exception {
        TestCluster.Member leader = cluster.leader();
        List<? extends TestCluster.Member> followers = cluster.followers();
        try (Etcd etcd = on(leader)) {
            etcd.set("/cluster/quorum", "before");
            followers.forEach(TestCluster.Member::stop);
            try {
                dev.etcdj.api.EtcdException e = assertThrows(dev.etcdj.api.EtcdException.class,
                        () -> etcd.set("/cluster/quorum", "after", dev.etcdj.api.Option.timeout(Duration.ofSeconds(2))));
                assertTrue(e instanceof dev.etcdj.api.RaftInternalException || e instanceof dev.etcdj.api.EtcdTimeoutException,
                        "a write that cannot commit: " + e);
                assertEquals("before", etcd.get("/cluster/quorum").node().asValue().value(), "a plain read is served locally");
            } finally {
                followers.forEach(TestCluster.Member::restart);
            }
        }
        try (Etcd etcd = clusterClient()) {
            BackendSuite.awaitTrue(() -> {
                try {
                    etcd.set("/cluster/quorum", "after", dev.etcdj.api.Option.timeout(Duration.ofSeconds(2)));
                    return true;
                } catch (dev.etcdj.api.EtcdException electing) {
                    return false;
                }
            }, "writes commit again");
        }
    }
}
