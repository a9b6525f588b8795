package dev.etcdj.api.admin;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the leader reports about its followers ({@code /v2/stats/leader}; only the leader answers it).
 *
 * @param leader the leader's id
 * @param followers by member id
 */
public record LeaderStats(String leader, Map<String, Follower> followers) {
    /**
     * Checks and copies the components.
     *
     * @param leader the leader's id
     * @param followers by member id
     */
    public LeaderStats {
        Objects.requireNonNull(leader, "leader == null");
        followers = Map.copyOf(followers);
    }

    /**
     * One follower as the leader sees it.
     *
     * @param currentLatency the latest round trip
     * @param averageLatency the mean round trip
     * @param successes appends that succeeded
     * @param failures appends that failed
     */
    public record Follower(Duration currentLatency, Duration averageLatency, long successes, long failures) {
        /**
         * Checks the components.
         *
         * @param currentLatency the latest round trip
         * @param averageLatency the mean round trip
         * @param successes appends that succeeded
         * @param failures appends that failed
         */
        public Follower {
            Objects.requireNonNull(currentLatency, "currentLatency == null");
            Objects.requireNonNull(averageLatency, "averageLatency == null");
        }
    }
}
