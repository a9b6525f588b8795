package dev.etcdj.v3;

import dev.etcdj.v3.spi.AdminCall;
import dev.etcdj.v3.spi.V3Adapter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The cluster's membership, from {@link EtcdV3#cluster()}: list, add (as a voting member or a learner),
 * remove, update and promote members. Each call has the client's deadline. Thread-safe.
 *
 * <pre>{@code
 * ClusterMember added = etcd.cluster().add(List.of(URI.create("http://10.0.0.4:2380")), true);
 * // start etcd there with --initial-cluster-state existing, let it catch up, then:
 * etcd.cluster().promote(added.id());
 * }</pre>
 */
public final class Cluster {
    private final V3Adapter adapter;
    private final Duration timeout;

    Cluster(V3Adapter adapter, Duration timeout) {
        this.adapter = adapter;
        this.timeout = timeout;
    }

    /** {@return the members, started or not} */
    public List<ClusterMember> members() {
        return adapter.admin(new AdminCall.MemberList(), timeout);
    }

    /**
     * Adds a member, to be started with {@code peerUrls} and {@code --initial-cluster-state existing}.
     *
     * @param peerUrls its peer URLs, absolute http(s) URLs, at least one
     * @param learner whether it joins as a learner: it gets the log but does not vote until promoted
     * @return the member added, unstarted
     * @throws EtcdV3ServerException if etcd refuses (a peer URL taken: "Peer URLs already exists")
     */
    public ClusterMember add(List<URI> peerUrls, boolean learner) {
        return adapter.admin(new AdminCall.MemberAdd(urls(peerUrls), learner), timeout);
    }

    /**
     * Removes member {@code id}.
     *
     * @param id the member
     * @return the members left
     * @throws EtcdV3ServerException with {@link GrpcCode#NOT_FOUND} if there is no such member
     */
    public List<ClusterMember> remove(long id) {
        return adapter.admin(new AdminCall.MemberRemove(id(id)), timeout);
    }

    /**
     * Changes the peer URLs of member {@code id}.
     *
     * @param id the member
     * @param peerUrls its new peer URLs
     * @return the members
     */
    public List<ClusterMember> update(long id, List<URI> peerUrls) {
        return adapter.admin(new AdminCall.MemberUpdate(id(id), urls(peerUrls)), timeout);
    }

    /**
     * Promotes learner {@code id} to a voting member.
     *
     * @param id the learner
     * @return the members
     * @throws EtcdV3ServerException with {@link GrpcCode#FAILED_PRECONDITION} if it is not a learner, or not
     *     yet in sync with the leader
     */
    public List<ClusterMember> promote(long id) {
        return adapter.admin(new AdminCall.MemberPromote(id(id)), timeout);
    }

    private static long id(long id) {
        if (id == 0) {
            throw new IllegalArgumentException("member id 0 names no member");
        }
        return id;
    }

    static List<URI> urls(List<URI> urls) {
        Objects.requireNonNull(urls, "peerUrls == null");
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("a member needs at least one peer URL");
        }
        for (URI u : urls) {
            Objects.requireNonNull(u, "peer URL == null");
            if (!u.isAbsolute() || !("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException("a peer URL is an absolute http(s) URL with a host: " + u);
            }
        }
        return List.copyOf(urls);
    }

    @Override
    public String toString() {
        return "Cluster[" + adapter + "]";
    }
}
