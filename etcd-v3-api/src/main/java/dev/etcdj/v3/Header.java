package dev.etcdj.v3;

/**
 * The header of every v3 answer: which cluster and member answered, and the store's revision and raft
 * term when it did.
 *
 * @param clusterId the cluster's id (an unsigned 64-bit number; print with {@link Long#toUnsignedString(long, int)})
 * @param memberId the answering member's id (unsigned, as {@code clusterId})
 * @param revision the key-value store's revision when the request was served; 0 where etcd sends none
 *     (a watch cancelled by compaction)
 * @param raftTerm the raft term when the request was served
 */
public record Header(long clusterId, long memberId, long revision, long raftTerm) {
    @Override
    public String toString() {
        return "Header[cluster=" + Long.toUnsignedString(clusterId, 16) + ", member=" + Long.toUnsignedString(memberId, 16)
                + ", revision=" + revision + ", raftTerm=" + raftTerm + "]";
    }
}
