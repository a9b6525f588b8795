package dev.etcdj.api.admin;

import dev.etcdj.api.internal.Futures;
import dev.etcdj.api.spi.AdminCall;
import dev.etcdj.api.spi.EtcdAdapter;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The cluster and stats calls of etcd's v2 API, blocking: {@code etcd.cluster().members()}. Errors are
 * {@link dev.etcdj.api.EtcdAdminException} (a peer URL that exists, an unknown member, leader stats on a
 * follower), {@link dev.etcdj.api.UnauthorizedException}, and the transport's. Thread-safe.
 */
public final class EtcdCluster {
    private final EtcdAdapter adapter;

    /**
     * For {@link dev.etcdj.api.Etcd#cluster()}.
     *
     * @param adapter the transport, with an admin API (the HTTP adapter has one)
     */
    public EtcdCluster(EtcdAdapter adapter) {
        this.adapter = Objects.requireNonNull(adapter, "adapter == null");
    }

    private <T> T call(AdminCall<T> call) {
        return Futures.await(adapter.admin(call));
    }

    /** {@return the client URLs of the started members ({@code /v2/machines})} */
    public List<URI> machines() {
        return call(new AdminCall.Machines());
    }

    /** {@return every member, started or not} */
    public List<Member> members() {
        return call(new AdminCall.Members());
    }

    /** {@return the leader, as the member asked knows it} */
    public Member leader() {
        return call(new AdminCall.Leader());
    }

    /**
     * Adds a member with {@code peerUrls} (start it with {@code --initial-cluster-state existing}).
     *
     * @param peerUrls peer URLs, such as {@code http://10.0.0.4:2380}; at least one
     * @return the member added: its id and peer URLs (no name until it starts)
     */
    public Member addMember(URI... peerUrls) {
        return call(new AdminCall.AddMember(List.of(peerUrls)));
    }

    /**
     * Changes the peer URLs of member {@code id}.
     *
     * @param id the member's id, as etcd prints it (hexadecimal)
     * @param peerUrls peer URLs, such as {@code http://10.0.0.4:2380}; at least one
     */
    public void updateMember(String id, URI... peerUrls) {
        call(new AdminCall.UpdateMember(id, List.of(peerUrls)));
    }

    /**
     * Removes member {@code id}.
     *
     * @param id the member's id, as etcd prints it (hexadecimal)
     */
    public void removeMember(String id) {
        call(new AdminCall.RemoveMember(id));
    }

    /** {@return what the member asked reports about itself} */
    public SelfStats selfStats() {
        return call(new AdminCall.Self());
    }

    /** {@return the leader's view of its followers; only the leader answers (a follower: {@code FORBIDDEN})} */
    public LeaderStats leaderStats() {
        return call(new AdminCall.LeaderStatistics());
    }

    /** {@return the v2 store's counters on the member asked} */
    public StoreStats storeStats() {
        return call(new AdminCall.Store());
    }

    /** {@return the server's and the cluster's versions} */
    public ServerVersion version() {
        return call(new AdminCall.Version());
    }

    /** {@return whether the member asked is healthy: it has a leader and can commit} */
    public boolean isHealthy() {
        return call(new AdminCall.Health());
    }
}
