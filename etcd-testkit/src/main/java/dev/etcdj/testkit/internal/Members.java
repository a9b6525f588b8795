package dev.etcdj.testkit.internal;

import dev.etcdj.api.admin.Member;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A fake cluster's membership as etcd's {@code membership} package keeps it: member ids computed from the
 * sorted peer URLs and the cluster token (plus the Unix time for members added later), the cluster id from
 * the sorted member ids, so a fake started with etcd's flags reports the ids a real server would. Members
 * added at run time are listed unstarted (no name, no client URLs). Thread-safe (synchronized).
 */
public final class Members {
    private final List<Member> members = new ArrayList<>();
    private final String clusterId;
    private final String token;
    private final String selfId;
    private String leaderId;
    /** When each started member published itself (null for those started with the fake). */
    private final java.util.Map<String, Instant> startedAt = new java.util.HashMap<>();
    /** Ids removed from the cluster: etcd answers 410 for them ever after. */
    private final java.util.Set<String> removed = new java.util.HashSet<>();
    /** The members of {@code --initial-cluster}: assumed running (elsewhere, if not served here). */
    private final java.util.Set<String> founders = new java.util.HashSet<>();

    /** One member: {@code name}, its peer and client URLs, and the cluster token. */
    public Members(String name, List<URI> peerUrls, List<URI> clientUrls, String token) {
        this(name, java.util.Map.of(name, peerUrls), clientUrls, token);
    }

    /**
     * The members of {@code --initial-cluster} (name to peer URLs), this fake serving as {@code self}; the
     * others are listed as etcd lists members that have not published themselves yet (no name, no client URLs).
     */
    public Members(String self, java.util.Map<String, List<URI>> initialCluster, List<URI> clientUrls, String token) {
        this.token = token;
        List<URI> own = initialCluster.get(self);
        if (own == null) {
            throw new IllegalArgumentException("--initial-cluster has no member named \"" + self + "\"");
        }
        this.selfId = memberId(own, token, null);
        List<String> ids = new ArrayList<>();
        for (java.util.Map.Entry<String, List<URI>> e : initialCluster.entrySet()) {
            String id = memberId(e.getValue(), token, null);
            ids.add(id);
            boolean me = e.getKey().equals(self);
            members.add(new Member(id, me ? self : "", e.getValue(), me ? clientUrls : List.of()));
        }
        members.sort((a, b) -> Long.compareUnsigned(Long.parseUnsignedLong(a.id(), 16), Long.parseUnsignedLong(b.id(), 16)));
        this.clusterId = clusterId(ids);
        this.leaderId = selfId;
        this.founders.addAll(ids);
    }

    /** etcd's {@code computeMemberId}. */
    public static String memberId(List<URI> peerUrls, String token, Instant now) {
        String joined = peerUrls.stream().map(URI::toString).sorted().collect(Collectors.joining());
        String input = joined + token + (now == null ? "" : Long.toString(now.getEpochSecond()));
        return id(sha1(input.getBytes(StandardCharsets.UTF_8)));
    }

    /** etcd's {@code types.ID}: the first 8 bytes of a hash, big-endian, in hex without leading zeros. */
    private static String id(byte[] hash) {
        return Long.toHexString(ByteBuffer.wrap(hash, 0, 8).getLong());
    }

    /** etcd's {@code genID}: SHA-1 over the sorted member ids, big-endian. */
    public static String clusterId(List<String> memberIds) {
        List<String> ids = new ArrayList<>(memberIds);
        ids.sort((a, b) -> Long.compareUnsigned(Long.parseUnsignedLong(a, 16), Long.parseUnsignedLong(b, 16)));
        ByteBuffer b = ByteBuffer.allocate(8 * ids.size());
        for (String id : ids) {
            b.putLong(Long.parseUnsignedLong(id, 16));
        }
        return id(sha1(b.array()));
    }

    private static byte[] sha1(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String clusterId() {
        return clusterId;
    }

    public synchronized List<Member> list() {
        return List.copyOf(members);
    }

    /** The member this fake serves as (and the leader). */
    public synchronized Member self() {
        return members.get(indexOfSelf());
    }

    private int indexOfSelf() {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).id().equals(selfId)) {
                return i;
            }
        }
        throw new IllegalStateException("this member was removed from the cluster");
    }

    /** The member that leads (the serving member, unless a fake cluster moved the leadership). */
    public synchronized Member leader() {
        for (Member m : members) {
            if (m.id().equals(leaderId)) {
                return m;
            }
        }
        return self();
    }

    public synchronized void leader(String id) throws AuthStore.AuthError {
        leaderId = members.get(indexOf(id)).id();
    }

    /** Returns the member {@code --initial-cluster} names {@code name} with these peer URLs' id. */
    public synchronized Member byPeerUrls(List<URI> peerUrls) {
        String id = memberId(peerUrls, token, null);
        return members.stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no member with peer URLs " + peerUrls));
    }

    /** Publishes a member's name and client URLs, as a member does when it starts (at {@code now}). */
    public synchronized void publish(String id, String name, List<URI> clientUrls, Instant now) {
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            if (m.id().equals(id)) {
                members.set(i, new Member(m.id(), name, m.peerUrls(), clientUrls));
                startedAt.put(id, now);
                return;
            }
        }
        throw new IllegalArgumentException("no member " + id);
    }

    /** Sets the client URLs of the serving member (when a server starts serving it). */
    public synchronized void serving(List<URI> clientUrls) {
        int i = indexOfSelf();
        Member m = members.get(i);
        members.set(i, new Member(m.id(), m.name(), m.peerUrls(), clientUrls));
    }

    /**
     * Whether a majority of the members has started (published a name): without it etcd elects no leader,
     * and nothing commits.
     */
    public synchronized boolean hasQuorum() {
        return started() * 2 > members.size();
    }

    /** Members that run: those that published a name, and those of {@code --initial-cluster}. */
    private long started() {
        return members.stream().filter(m -> !m.name().isEmpty() || founders.contains(m.id())).count();
    }

    /**
     * etcd's {@code IsReadyToAddVotingMember} (strict reconfig check): after the add, the started members
     * are still a majority, except for a second member added to a one-member cluster.
     */
    public synchronized boolean readyToAddVotingMember() {
        int n = members.size() + 1;
        long started = started();
        return started == 1 && n == 2 || started >= n / 2 + 1;
    }

    /**
     * Adds an unstarted member: 409 {@code membership: peerURL exists} if one of its URLs is taken. Its id
     * is etcd's for a member added at run time: from its peer URLs and the time, without the cluster token.
     */
    public synchronized Member add(List<URI> peerUrls, Instant now) throws AuthStore.AuthError {
        checkFree(peerUrls, null);
        Member m = new Member(memberId(peerUrls, "", now), "", peerUrls, List.of());
        members.add(m);
        return m;
    }

    public synchronized void update(String id, List<URI> peerUrls) throws AuthStore.AuthError {
        int i = indexOf(id);
        checkFree(peerUrls, id);
        Member m = members.get(i);
        members.set(i, new Member(m.id(), m.name(), peerUrls, m.clientUrls()));
    }

    /**
     * Removes a member: 410 for one removed before. etcd's strict reconfig check ({@code mayRemoveMember})
     * refuses (a generic 500) when the members connected for at least 5 s, less the one removed, would not
     * be a majority of the rest.
     */
    public synchronized void remove(String id, Instant now) throws AuthStore.AuthError {
        if (removed.contains(id)) {
            throw new AuthStore.AuthError(410, "Member permanently removed: " + id);
        }
        indexOf(id);
        long active = members.stream().filter(m -> !m.name().isEmpty() || founders.contains(m.id()))
                .filter(m -> !startedAt.containsKey(m.id()) || !startedAt.get(m.id()).plusSeconds(5).isAfter(now)).count();
        if (active - 1 < 1 + (members.size() - 1) / 2) {
            throw new AuthStore.AuthError(500, "Internal Server Error");
        }
        forceRemove(id);
    }

    /** Removes a member without etcd's checks (a test harness removing one it stopped). */
    public synchronized void forceRemove(String id) throws AuthStore.AuthError {
        members.remove(indexOf(id));
        removed.add(id);
        startedAt.remove(id);
    }

    private int indexOf(String id) throws AuthStore.AuthError {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new AuthStore.AuthError(404, "No such member: " + id);
    }

    private void checkFree(List<URI> peerUrls, String except) throws AuthStore.AuthError {
        for (Member m : members) {
            if (!m.id().equals(except) && m.peerUrls().stream().anyMatch(peerUrls::contains)) {
                throw new AuthStore.AuthError(409, "membership: peerURL exists");
            }
        }
    }
}
