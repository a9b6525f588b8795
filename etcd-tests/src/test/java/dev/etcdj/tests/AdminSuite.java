package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.EtcdAdminException;
import dev.etcdj.api.admin.EtcdCluster;
import dev.etcdj.api.admin.Member;
import dev.etcdj.api.admin.SelfStats;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster and stats calls (seed rows G1-G9) on a single-member backend. */
abstract class AdminSuite extends BackendSuite {
    AdminSuite(Backend backend) {
        super(backend);
    }

    EtcdCluster cluster() {
        return etcd.cluster();
    }

    @Test
    void membersLeaderAndMachinesDescribeTheOneMember() {   // G1, G2, G3
        List<Member> members = cluster().members();
        assertEquals(1, members.size());
        Member m = members.get(0);
        assertTrue(m.id().matches("[1-9a-f][0-9a-f]{0,15}"), m.id() + ": hex, no leading zeros, as etcd writes ids");
        assertFalse(m.peerUrls().isEmpty());
        assertTrue(m.isStarted());
        assertEquals(m, cluster().leader());
        assertEquals(m.clientUrls(), cluster().machines());
        if (backend != Backend.FAKE) {
            assertTrue(m.clientUrls().contains(URI.create(backend.url())), m.clientUrls() + " has " + backend.url());
        }
    }

    @Test
    void selfLeaderAndStoreStatsAreTyped() {   // G4, G5, G6
        SelfStats self = cluster().selfStats();
        Member m = cluster().members().get(0);
        assertEquals(m.id(), self.id());
        assertEquals(m.name(), self.name());
        assertTrue(self.isLeader());
        SelfStats.LeaderInfo leader = self.leader().orElseThrow();
        assertEquals(m.id(), leader.id());
        assertFalse(leader.uptime().isNegative());
        assertTrue(leader.uptime().compareTo(Duration.ofDays(1)) < 0);
        assertEquals(m.id(), cluster().leaderStats().leader());
        assertEquals(0, cluster().leaderStats().followers().size());
        assertTrue(cluster().storeStats().counters().containsKey("setsSuccess"));
        assertTrue(cluster().storeStats().watchers() >= 0);
    }

    @Test
    void versionAndHealth() {   // G7, G9
        assertTrue(cluster().version().server().startsWith("3."), cluster().version().toString());
        assertFalse(cluster().version().cluster().isEmpty());
        assertTrue(cluster().isHealthy());
    }

    @Test
    void memberChangesThatEtcdRefusesAreTypedAndNeedNoQuorum() {   // G2: add an existing URL, update or remove an unknown member
        Member m = cluster().members().get(0);
        EtcdAdminException exists = assertThrows(EtcdAdminException.class, () -> cluster().addMember(m.peerUrls().get(0)));
        assertEquals(EtcdAdminException.Kind.CONFLICT, exists.kind());
        assertEquals("membership: peerURL exists", exists.serverMessage());
        EtcdAdminException unknown = assertThrows(EtcdAdminException.class, () -> cluster().removeMember("ffff"));
        assertEquals(EtcdAdminException.Kind.NOT_FOUND, unknown.kind());
        assertEquals("No such member: ffff", unknown.serverMessage());
        assertEquals(EtcdAdminException.Kind.NOT_FOUND, assertThrows(EtcdAdminException.class,
                () -> cluster().updateMember("ffff", URI.create("http://127.0.0.1:1"))).kind());
        assertEquals(1, cluster().members().size(), "nothing changed");
    }
}
