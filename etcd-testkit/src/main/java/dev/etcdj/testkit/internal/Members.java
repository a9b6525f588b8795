package dev.etcdj.testkit.internal;

import dev.etcdj.api.admin.Member;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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

    /** The first member: {@code name}, its peer and client URLs, and the cluster token. */
    public Members(String name, List<URI> peerUrls, List<URI> clientUrls, String token) {
        this.token = token;
        members.add(new Member(memberId(peerUrls, token, null), name, peerUrls, clientUrls));
        this.clusterId = clusterId(List.of(members.get(0).id()));
    }

    /** etcd's {@code computeMemberId}. */
    public static String memberId(List<URI> peerUrls, String token, Instant now) {
        String joined = peerUrls.stream().map(URI::toString).sorted().collect(Collectors.joining());
        String input = joined + token + (now == null ? "" : Long.toString(now.getEpochSecond()));
        return HexFormat.of().formatHex(sha1(input.getBytes(StandardCharsets.UTF_8)), 0, 8);
    }

    /** etcd's {@code genID}: SHA-1 over the sorted member ids, big-endian. */
    public static String clusterId(List<String> memberIds) {
        List<String> ids = new ArrayList<>(memberIds);
        ids.sort((a, b) -> Long.compareUnsigned(Long.parseUnsignedLong(a, 16), Long.parseUnsignedLong(b, 16)));
        ByteBuffer b = ByteBuffer.allocate(8 * ids.size());
        for (String id : ids) {
            b.putLong(Long.parseUnsignedLong(id, 16));
        }
        return HexFormat.of().formatHex(sha1(b.array()), 0, 8);
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

    /** The member this fake serves as (the first, and the leader). */
    public synchronized Member self() {
        return members.get(0);
    }

    /** Sets the client URLs of the serving member (when a server starts serving it). */
    public synchronized void serving(List<URI> clientUrls) {
        Member m = members.get(0);
        members.set(0, new Member(m.id(), m.name(), m.peerUrls(), clientUrls));
    }

    /** Adds an unstarted member: 409 {@code membership: peerURL exists} if one of its URLs is taken. */
    public synchronized Member add(List<URI> peerUrls, Instant now) throws AuthStore.AuthError {
        checkFree(peerUrls, null);
        Member m = new Member(memberId(peerUrls, token, now), "", peerUrls, List.of());
        members.add(m);
        return m;
    }

    public synchronized void update(String id, List<URI> peerUrls) throws AuthStore.AuthError {
        int i = indexOf(id);
        checkFree(peerUrls, id);
        Member m = members.get(i);
        members.set(i, new Member(m.id(), m.name(), peerUrls, m.clientUrls()));
    }

    public synchronized void remove(String id) throws AuthStore.AuthError {
        members.remove(indexOf(id));
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
