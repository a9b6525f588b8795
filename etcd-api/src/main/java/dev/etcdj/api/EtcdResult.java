package dev.etcdj.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a key operation, one record per action etcd reports. Each carries the node, the previous
 * node when etcd sends one, and the response's indexes:
 *
 * <ul>
 *   <li>{@link #etcdIndex()} ({@code X-Etcd-Index}): the store's index after the operation. For a watch it
 *       is the index when the watch was registered, not the event's; resume a watch from
 *       {@code node().modifiedIndex() + 1}.</li>
 *   <li>{@link #raftIndex()} and {@link #raftTerm()} ({@code X-Raft-Index}, {@code X-Raft-Term}): raft's
 *       own counters; 0 when the transport has none.</li>
 *   <li>{@link #clusterId()} ({@code X-Etcd-Cluster-Id}): lower-case hex, {@code ""} when absent.</li>
 * </ul>
 *
 * <p>{@link #node()} is {@code null} only for a write sent with {@link Option#noValueOnSuccess()}.
 */
public sealed interface EtcdResult
        permits Got, Stored, Created, Updated, Deleted, Expired, ComparedThenSwapped, ComparedThenDeleted {

    /** {@return the node the action produced (after a write, the new node; after a delete, a tombstone)} */
    Node node();

    /** {@return the node as it was before a write, when the server sent it} */
    Optional<Node> prevNode();

    /** {@return {@code X-Etcd-Index}} */
    long etcdIndex();

    /** {@return {@code X-Raft-Index}, or 0 when absent} */
    long raftIndex();

    /** {@return {@code X-Raft-Term}, or 0 when absent} */
    long raftTerm();

    /** {@return {@code X-Etcd-Cluster-Id}, or {@code ""} when absent} */
    String clusterId();

    /** {@return the action this result reports} */
    Action action();

    /**
     * {@return the result record for {@code action}} Transports call this after decoding a response.
     *
     * @param prevNode the previous node, or {@code null}
     * @param action the action the server reported
     * @param node the node it produced
     * @param etcdIndex {@code X-Etcd-Index}
     * @param raftIndex {@code X-Raft-Index}, or 0
     * @param raftTerm {@code X-Raft-Term}, or 0
     * @param clusterId {@code X-Etcd-Cluster-Id}, or {@code ""}
     */
    static EtcdResult of(Action action, Node node, Node prevNode, long etcdIndex, long raftIndex, long raftTerm,
                         String clusterId) {
        Objects.requireNonNull(action, "action == null");
        Optional<Node> prev = Optional.ofNullable(prevNode);
        String cid = Objects.requireNonNullElse(clusterId, "");
        switch (action) {
            case GET: return new Got(node, prev, etcdIndex, raftIndex, raftTerm, cid);
            case SET: return new Stored(node, prev, etcdIndex, raftIndex, raftTerm, cid);
            case CREATE: return new Created(node, prev, etcdIndex, raftIndex, raftTerm, cid);
            case UPDATE: return new Updated(node, prev, etcdIndex, raftIndex, raftTerm, cid);
            case DELETE: return new Deleted(node, prev, etcdIndex, raftIndex, raftTerm, cid);
            case EXPIRE: return new Expired(node, prev, etcdIndex, raftIndex, raftTerm, cid);
            case COMPARE_AND_SWAP: return new ComparedThenSwapped(node, prev, etcdIndex, raftIndex, raftTerm, cid);
            case COMPARE_AND_DELETE: return new ComparedThenDeleted(node, prev, etcdIndex, raftIndex, raftTerm, cid);
            default: throw new AssertionError(action);
        }
    }
}
