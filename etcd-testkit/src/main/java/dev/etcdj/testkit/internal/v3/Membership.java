package dev.etcdj.testkit.internal.v3;

import dev.etcdj.v3.Alarm;
import dev.etcdj.v3.ClusterMember;
import dev.etcdj.v3.EtcdV3ServerException;
import dev.etcdj.v3.GrpcCode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fake's cluster membership and alarms ({@code server/etcdserver/api/membership/cluster.go} and
 * {@code v3alarm}): the fake itself, started, and the members added to it, which never start. etcd's
 * reconfiguration checks apply ({@code --strict-reconfig-check}): a removal that would leave too few
 * started voting members is refused; adding a voting member to a single member is allowed, as etcd
 * allows it, and leaves the cluster without quorum until it starts, which here is never. Not thread-safe.
 */
public final class Membership {
    private final long self;
    private final List<ClusterMember> members = new ArrayList<>();
    private final Set<Alarm> alarms = new LinkedHashSet<>();
    private long nextId;

    /**
     * @param self the fake's own member id
     * @param name its name
     * @param peer its peer URL
     * @param clients its client URLs (none in process)
     */
    public Membership(long self, String name, URI peer, List<URI> clients) {
        this.self = self;
        this.nextId = self * 0x9e37_79b9_7f4a_7c15L;
        members.add(new ClusterMember(self, name, List.of(peer), clients, false));
    }

    /** {@return the members, by id as etcd lists them} */
    public List<ClusterMember> list() {
        List<ClusterMember> out = new ArrayList<>(members);
        out.sort((a, b) -> Long.compareUnsigned(a.id(), b.id()));
        return out;
    }

    /** {@return whether enough voting members have started to make a quorum} */
    public boolean hasQuorum() {
        return hasQuorumWithout(0);
    }

    /** {@return whether the voting members but {@code id} (0: none left out) that have started make a quorum of them} */
    private boolean hasQuorumWithout(long id) {
        int voting = 0;
        int started = 0;
        for (ClusterMember m : members) {
            if (m.id() != id && !m.learner()) {
                voting++;
                started += m.isStarted() ? 1 : 0;
            }
        }
        return started >= voting / 2 + 1;
    }

    /** {@return the member added} */
    public ClusterMember add(List<URI> peers, boolean learner, String what) {
        checkFree(peers, 0, what);
        long id;
        do {
            nextId = nextId * 6364136223846793005L + 1442695040888963407L;
            id = nextId >>> 1;
        } while (id == 0 || find(id) >= 0);
        ClusterMember m = new ClusterMember(id, "", peers, List.of(), learner);
        members.add(m);
        return m;
    }

    /** {@return the members left} after removing {@code id} */
    public List<ClusterMember> remove(long id, String what) {
        int i = existing(id, what);
        ClusterMember m = members.get(i);
        if (!m.learner() && m.isStarted() && !hasQuorumWithout(id)) {
            throw Refusal.of(what, GrpcCode.FAILED_PRECONDITION, "etcdserver: re-configuration failed due to not enough started members");
        }
        members.remove(i);
        return list();
    }

    /** {@return the members} after giving {@code id} new peer URLs */
    public List<ClusterMember> update(long id, List<URI> peers, String what) {
        int i = existing(id, what);
        checkFree(peers, id, what);
        ClusterMember m = members.get(i);
        members.set(i, new ClusterMember(m.id(), m.name(), peers, m.clientUrls(), m.learner()));
        return list();
    }

    /** Promotes learner {@code id}; the learners here never start, so never catch up: etcd's refusal. */
    public List<ClusterMember> promote(long id, String what) {
        ClusterMember m = members.get(existing(id, what));
        if (!m.learner()) {
            throw Refusal.of(what, GrpcCode.FAILED_PRECONDITION, "etcdserver: can only promote a learner member");
        }
        throw Refusal.of(what, GrpcCode.FAILED_PRECONDITION, "etcdserver: can only promote a learner member which is in sync with leader");
    }

    private int find(long id) {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).id() == id) {
                return i;
            }
        }
        return -1;
    }

    private int existing(long id, String what) {
        int i = find(id);
        if (i < 0) {
            throw Refusal.of(what, GrpcCode.NOT_FOUND, "etcdserver: member not found");
        }
        return i;
    }

    private void checkFree(List<URI> peers, long except, String what) {
        for (ClusterMember m : members) {
            if (m.id() != except && m.peerUrls().stream().anyMatch(peers::contains)) {
                throw Refusal.of(what, GrpcCode.FAILED_PRECONDITION, "etcdserver: Peer URLs already exists");
            }
        }
    }

    /** {@return the alarms raised} */
    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    /** Raises {@code type} on the fake itself. */
    public void raise(Alarm.Type type) {
        alarms.add(new Alarm(self, type));
    }

    /** {@return the alarms disarmed: {@code alarm}, if it was raised} */
    public List<Alarm> disarm(Alarm alarm) {
        return alarms.remove(alarm) ? List.of(alarm) : List.of();
    }

    /** {@return whether the store is out of space: writes that add data are refused} */
    public boolean noSpace() {
        return alarms.stream().anyMatch(a -> a.type() == Alarm.Type.NOSPACE);
    }

    /** {@return the alarms as etcd's status lists them} */
    public List<String> errors() {
        List<String> out = new ArrayList<>();
        for (Alarm a : alarms) {
            out.add("memberID:" + Long.toUnsignedString(a.memberId()) + " alarm:" + a.type() + " ");
        }
        return out;
    }
}
