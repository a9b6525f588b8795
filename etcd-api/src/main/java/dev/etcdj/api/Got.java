package dev.etcdj.api;

import java.util.Optional;

/**
 * The result of a read: the node, with its children when it is a directory.
 *
 * @param node the node (see {@link EtcdResult#node()})
 * @param prevNode the previous node, when the server sent one
 * @param etcdIndex {@code X-Etcd-Index}
 * @param raftIndex {@code X-Raft-Index}, or 0
 * @param raftTerm {@code X-Raft-Term}, or 0
 * @param clusterId {@code X-Etcd-Cluster-Id}, or {@code ""}
 */
public record Got(Node node, Optional<Node> prevNode, long etcdIndex, long raftIndex, long raftTerm,
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
    public Got {
        java.util.Objects.requireNonNull(prevNode, "prevNode == null");
        java.util.Objects.requireNonNull(clusterId, "clusterId == null");
    }

    @Override
    public Action action() {
        return Action.GET;
    }

    /**
     * {@return the value read: {@code node().asValue().value()}}
     *
     * @throws IllegalStateException if the key is a directory
     */
    public String value() {
        return node.asValue().value();
    }
}
