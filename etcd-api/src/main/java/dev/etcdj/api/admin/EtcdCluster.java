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

    /** For {@link dev.etcdj.api.Etcd#cluster()}. */
    public EtcdCluster(EtcdAdapter adapter) {
        this.adapter = Objects.requireNonNull(adapter, "adapter == null");
    }

    private <T> T call(AdminCall<T> call) {
        return Futures.await(adapter.admin(call));
    }

    /** Returns the client URLs of the started members ({@code /v2/machines}). */
    public List<URI> machines() {
        return call(new AdminCall.Machines());
    }

    /** Returns every member, started or not. */
    public List<Member> members() {
        return call(new AdminCall.Members());
    }

    /** Returns the leader, as the member asked knows it. */
    public Member leader() {
        return call(new AdminCall.Leader());
    }

    /** Adds a member with {@code peerUrls} (start it with {@code --initial-cluster-state existing}). */
    public Member addMember(URI... peerUrls) {
        return call(new AdminCall.AddMember(List.of(peerUrls)));
    }

    /** Changes the peer URLs of member {@code id}. */
    public void updateMember(String id, URI... peerUrls) {
        call(new AdminCall.UpdateMember(id, List.of(peerUrls)));
    }

    /** Removes member {@code id}. */
    public void removeMember(String id) {
        call(new AdminCall.RemoveMember(id));
    }

    /** Returns what the member asked reports about itself. */
    public SelfStats selfStats() {
        return call(new AdminCall.Self());
    }

    /** Returns the leader's view of its followers; only the leader answers (a follower: {@code FORBIDDEN}). */
    public LeaderStats leaderStats() {
        return call(new AdminCall.LeaderStatistics());
    }

    /** Returns the v2 store's counters on the member asked. */
    public StoreStats storeStats() {
        return call(new AdminCall.Store());
    }

    /** Returns the server's and the cluster's versions. */
    public ServerVersion version() {
        return call(new AdminCall.Version());
    }

    /** Returns whether the member asked is healthy: it has a leader and can commit. */
    public boolean isHealthy() {
        return call(new AdminCall.Health());
    }
}
