package dev.etcdj.api;

import java.util.Optional;

/**
 * A successful compare-and-swap ({@code action: compareAndSwap}).
 *
 * @param node the node (see {@link EtcdResult#node()})
 * @param prevNode the previous node, when the server sent one
 * @param etcdIndex {@code X-Etcd-Index}
 * @param raftIndex {@code X-Raft-Index}, or 0
 * @param raftTerm {@code X-Raft-Term}, or 0
 * @param clusterId {@code X-Etcd-Cluster-Id}, or {@code ""}
 */
public record ComparedThenSwapped(Node node, Optional<Node> prevNode, long etcdIndex, long raftIndex, long raftTerm,
        String clusterId) implements EtcdResult {

    /**
     * Checks the components.
     *
     * @param node the node (see {@link EtcdResult#node()})
     * @param prevNode the previous node, when the server sent one
     * @param etcdIndex {@code X-Etcd-Index}
     * @param raftIndex {@code X-Raft-Index}, or 0
     * @param raftTerm {@code X-Raft-Term}, or 0
     * @param clusterId {@code X-Etcd-Cluster-Id}, or {@code ""}
     */
    public ComparedThenSwapped {
        java.util.Objects.requireNonNull(prevNode, "prevNode == null");
        java.util.Objects.requireNonNull(clusterId, "clusterId == null");
    }

    @Override
    public Action action() {
        return Action.COMPARE_AND_SWAP;
    }
}
