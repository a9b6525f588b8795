package dev.etcdj.api.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one member reports about itself ({@code /v2/stats/self}).
 *
 * @param name the member's name
 * @param id the member's id
 * @param state {@code StateLeader}, {@code StateFollower} or {@code StateCandidate}
 * @param startTime when the member started
 * @param leader the leader as this member knows it: empty while there is none
 * @param receivedAppendRequests raft append requests received
 * @param sentAppendRequests raft append requests sent
 */
public record SelfStats(String name, String id, String state, Instant startTime, Optional<LeaderInfo> leader,
                        long receivedAppendRequests, long sentAppendRequests) {
    /**
     * Checks the components.
     *
     * @param name the member's name
     * @param id the member's id
     * @param state {@code StateLeader}, {@code StateFollower} or {@code StateCandidate}
     * @param startTime when the member started
     * @param leader the leader as this member knows it: empty while there is none
     * @param receivedAppendRequests raft append requests received
     * @param sentAppendRequests raft append requests sent
     */
    public SelfStats {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(id, "id == null");
        Objects.requireNonNull(state, "state == null");
        Objects.requireNonNull(startTime, "startTime == null");
        Objects.requireNonNull(leader, "leader == null");
    }

    /** {@return whether this member is the leader} */
    public boolean isLeader() {
        return state.equals("StateLeader");
    }

    /**
     * The leader as a member sees it.
     *
     * @param id the leader's id
     * @param uptime how long it has been leader (etcd's {@code "19.674621719s"}, parsed)
     * @param startTime when it became leader
     */
    public record LeaderInfo(String id, Duration uptime, Instant startTime) {
        /**
         * Checks the components.
         *
         * @param id the leader's id
         * @param uptime how long it has been leader (etcd's {@code "19.674621719s"}, parsed)
         * @param startTime when it became leader
         */
        public LeaderInfo {
            Objects.requireNonNull(id, "id == null");
            Objects.requireNonNull(uptime, "uptime == null");
            Objects.requireNonNull(startTime, "startTime == null");
        }
    }
}
