package dev.etcdj.v3;

import java.util.List;
import java.util.Objects;

/**
 * What one member says of itself ({@code etcdctl endpoint status}).
 *
 * @param header the answer's header (its {@code memberId} is the member's)
 * @param version the etcd version it runs, such as {@code 3.5.16}
 * @param dbSize the size of its backend database file, in bytes
 * @param dbSizeInUse the part of that file in use, in bytes (the rest a defragmentation frees)
 * @param leader the id of the leader it knows, 0 if none
 * @param raftIndex its raft index
 * @param raftTerm its raft term
 * @param raftAppliedIndex the raft index it has applied
 * @param errors the alarms and errors it reports
 * @param learner whether it is a learner
 */
public record MemberStatus(Header header, String version, long dbSize, long dbSizeInUse, long leader, long raftIndex,
                           long raftTerm, long raftAppliedIndex, List<String> errors, boolean learner) {
    /**
     * Checks and copies the components.
     *
     * @param header the header
     * @param version the version
     * @param dbSize the database size
     * @param dbSizeInUse the size in use
     * @param leader the leader's id
     * @param raftIndex the raft index
     * @param raftTerm the raft term
     * @param raftAppliedIndex the applied index
     * @param errors the errors
     * @param learner whether a learner
     */
    public MemberStatus {
        Objects.requireNonNull(header, "header == null");
        Objects.requireNonNull(version, "version == null");
        errors = List.copyOf(errors);
    }

    /** {@return whether this member is the leader} */
    public boolean isLeader() {
        return leader != 0 && leader == header.memberId();
    }
}
