package dev.etcdj.v3;

import java.time.Duration;
import java.util.Objects;

/**
 * A lease as granted or renewed: its id and its time to live from now.
 *
 * @param header the header of the answer
 * @param id the lease's id, to attach keys with {@link KvOption#lease}
 * @param ttl the time to live the server gave it, in whole seconds (a grant may round up)
 */
public record Lease(Header header, long id, Duration ttl) {
    /**
     * Checks the components.
     *
     * @param header the header
     * @param id the id
     * @param ttl the time to live
     */
    public Lease {
        Objects.requireNonNull(header, "header == null");
        Objects.requireNonNull(ttl, "ttl == null");
    }
}
