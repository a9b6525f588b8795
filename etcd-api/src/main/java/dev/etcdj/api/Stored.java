package dev.etcdj.api;

import java.util.Optional;

/**
 * A plain write ({@code action: set}), the result of {@link Etcd#set}. (Named {@code Stored}, not after
 * the action, so that it never collides with {@code java.util.Set}.) The node was replaced, so its {@code createdIndex} is new;
 * {@code prevNode} is the file it replaced, absent when the key was new.
 *
 * @param node the node (see {@link EtcdResult#node()})
 * @param prevNode the previous node, when the server sent one
 * @param etcdIndex {@code X-Etcd-Index}
 * @param raftIndex {@code X-Raft-Index}, or 0
 * @param raftTerm {@code X-Raft-Term}, or 0
 * @param clusterId {@code X-Etcd-Cluster-Id}, or {@code ""}
 */
public record Stored(Node node, Optional<Node> prevNode, long etcdIndex, long raftIndex, long raftTerm,
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
    public Stored {
        java.util.Objects.requireNonNull(prevNode, "prevNode == null");
        java.util.Objects.requireNonNull(clusterId, "clusterId == null");
    }

    @Override
    public Action action() {
        return Action.SET;
    }

    /** {@return whether the key did not exist before (the server answered 201 Created)} */
    public boolean isNewKey() {
        return prevNode.isEmpty();
    }
}
