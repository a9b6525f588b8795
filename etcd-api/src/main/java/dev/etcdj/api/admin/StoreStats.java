package dev.etcdj.api.admin;

import java.util.Map;
import java.util.Objects;

/**
 * The v2 store's operation counters ({@code /v2/stats/store}): {@code getsSuccess}, {@code setsFail},
 * {@code compareAndSwapSuccess}, {@code expireCount}, {@code watchers} and the others, by etcd's names.
 * Counters are per member and reset when it restarts.
 *
 * @param counters etcd's counter names to values
 */
public record StoreStats(Map<String, Long> counters) {
    /**
     * Checks and copies the counters.
     *
     * @param counters etcd's counter names to values
     */
    public StoreStats {
        counters = Map.copyOf(Objects.requireNonNull(counters, "counters == null"));
    }

    /**
     * {@return counter {@code name} (an etcd name such as {@code setsSuccess}), 0 if absent}
     *
     * @param name the counter's name, such as {@code setsSuccess}
     */
    public long get(String name) {
        return counters.getOrDefault(name, 0L);
    }

    /** {@return how many watchers are registered on this member} */
    public long watchers() {
        return get("watchers");
    }
}
