package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.v3.Alarm;
import dev.etcdj.v3.ClusterMember;
import dev.etcdj.v3.EtcdV3;
import dev.etcdj.v3.EtcdV3ServerException;
import dev.etcdj.v3.FutureRevisionException;
import dev.etcdj.v3.GrpcCode;
import dev.etcdj.v3.KvHash;
import dev.etcdj.v3.MemberStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cluster and maintenance calls, with what etcd answers; run on each server by a subclass. */
abstract class V3AdminSuite {
    EtcdV3 etcd;

    abstract EtcdV3 client();

    /** {@return the client URL of the member the client talks to} */
    abstract String endpoint();

    /** {@return whether this etcd's gateway serves HashKV (3.4's does not)} */
    boolean servesHashKv() {
        return true;
    }

    @BeforeEach
    void open() {
        etcd = client();
    }

    @AfterEach
    void closeClient() {
        etcd.close();
    }

    static URI freePeerUrl() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ClusterMember started(List<ClusterMember> members) {
        return members.stream().filter(ClusterMember::isStarted).findFirst().orElseThrow(() -> new AssertionError(members.toString()));
    }

    @Test
    void theMembersIncludeTheServerStartedAndVoting() {
        ClusterMember self = started(etcd.cluster().members());
        assertFalse(self.name().isEmpty());
        assertFalse(self.learner());
        assertFalse(self.peerUrls().isEmpty());
        assertEquals(etcd.maintenance().status().header().memberId(), self.id(), "the member that answers the status");
    }

    @Test
    void aLearnerIsAddedUpdatedAndRemovedButNotPromotedBeforeItHasStarted() {
        URI peer = freePeerUrl();
        ClusterMember added = etcd.cluster().add(List.of(peer), true);
        try {
            assertTrue(added.learner());
            assertFalse(added.isStarted(), "added, not started: no name, no client URL");
            assertEquals(List.of(peer), added.peerUrls());
            assertTrue(etcd.cluster().members().contains(added), etcd.cluster().members().toString());
            URI moved = freePeerUrl();
            List<ClusterMember> after = etcd.cluster().update(added.id(), List.of(moved));
            assertEquals(List.of(moved), after.stream().filter(m -> m.id() == added.id()).findFirst().orElseThrow().peerUrls());
            EtcdV3ServerException notInSync = assertThrows(EtcdV3ServerException.class, () -> etcd.cluster().promote(added.id()));
            assertEquals(GrpcCode.FAILED_PRECONDITION, notInSync.code());
            assertEquals("etcdserver: can only promote a learner member which is in sync with leader", notInSync.serverMessage());
        } finally {
            List<ClusterMember> left = etcd.cluster().remove(added.id());
            assertTrue(left.stream().noneMatch(m -> m.id() == added.id()));
        }
        EtcdV3ServerException gone = assertThrows(EtcdV3ServerException.class, () -> etcd.cluster().remove(added.id()));
        assertEquals(GrpcCode.NOT_FOUND, gone.code());
        assertEquals("etcdserver: member not found", gone.serverMessage());
    }

    @Test
    void etcdRefusesATakenPeerUrlAndPromotingAVoter() {
        ClusterMember self = started(etcd.cluster().members());
        EtcdV3ServerException taken = assertThrows(EtcdV3ServerException.class, () -> etcd.cluster().add(self.peerUrls(), true));
        assertEquals("etcdserver: Peer URLs already exists", taken.serverMessage());
        EtcdV3ServerException voter = assertThrows(EtcdV3ServerException.class, () -> etcd.cluster().promote(self.id()));
        assertEquals(GrpcCode.FAILED_PRECONDITION, voter.code());
        assertEquals("etcdserver: can only promote a learner member", voter.serverMessage());
        assertThrows(IllegalArgumentException.class, () -> etcd.cluster().add(List.of(URI.create("127.0.0.1:2380")), true),
                "not an absolute URL: refused before any I/O");
        assertThrows(IllegalArgumentException.class, () -> etcd.cluster().add(List.of(), true));
    }

    @Test
    void theStatusNamesTheVersionTheLeaderAndTheDatabase() {
        etcd.put(RealEtcd.unique("v3-status"), "v");
        MemberStatus s = etcd.maintenance().status(endpoint());
        assertTrue(s.version().startsWith("3."), s.version());
        assertTrue(s.isLeader(), "a single member leads: " + s);
        assertTrue(s.dbSize() > 0 && s.dbSizeInUse() > 0 && s.dbSizeInUse() <= s.dbSize(), s.toString());
        assertTrue(s.raftIndex() > 0 && s.raftAppliedIndex() > 0 && s.raftTerm() > 0, s.toString());
        assertEquals(List.of(), s.errors());
        assertThrows(IllegalArgumentException.class, () -> etcd.maintenance().status("127.0.0.1:2379"));
    }

    @Test
    void noAlarmIsRaisedAndDisarmingOneThatIsNotChangesNothing() {
        assertEquals(List.of(), etcd.maintenance().alarms());
        long self = etcd.maintenance().status().header().memberId();
        assertEquals(List.of(), etcd.maintenance().disarm(new Alarm(self, Alarm.Type.NOSPACE)));
        assertEquals(List.of(), etcd.maintenance().alarms());
    }

    @Test
    void defragmentationAnswers() {
        assertNotNull(etcd.maintenance().defragment(endpoint()));
        etcd.put(RealEtcd.unique("v3-defrag"), "still serving");
    }

    @Test
    void theKvHashIsStableAtARevisionAndRefusesTheFuture() {
        long rev = etcd.put(RealEtcd.unique("v3-hash"), "1").header().revision();
        if (!servesHashKv()) {
            EtcdV3ServerException e = assertThrows(EtcdV3ServerException.class, () -> etcd.maintenance().hashKv(endpoint(), rev));
            assertEquals(GrpcCode.UNIMPLEMENTED, e.code(), e.getMessage());
            return;
        }
        KvHash first = etcd.maintenance().hashKv(endpoint(), rev);
        etcd.put(RealEtcd.unique("v3-hash"), "2");
        assertEquals(first.hash(), etcd.maintenance().hashKv(endpoint(), rev).hash(), "the same history, the same hash");
        assertNotEquals(first.hash(), etcd.maintenance().hashKv(endpoint(), 0).hash(), "a write later, another hash");
        assertThrows(FutureRevisionException.class, () -> etcd.maintenance().hashKv(endpoint(), rev + 1000));
    }
}
