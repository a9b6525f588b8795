package dev.etcdj.v3;

/**
 * The hash of a member's key-value history up to a revision, to compare members ({@code HashKV}).
 *
 * @param hash the hash (an unsigned 32-bit value)
 * @param compactRevision the revision the history was last compacted at, -1 if never
 * @param hashRevision the revision the hash covers, 0 where etcd does not say (3.4)
 */
public record KvHash(long hash, long compactRevision, long hashRevision) {
}
