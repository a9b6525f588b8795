package dev.etcdj.v3;

import dev.etcdj.v3.spi.AdminCall;
import dev.etcdj.v3.spi.V3Adapter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Maintenance, from {@link EtcdV3#maintenance()}: a member's status, the alarms, defragmentation and the
 * key-value hash. The calls that concern one member take its client URL ({@code endpoint}); without one
 * they go to whichever member the client reaches. Each call has the client's deadline. Thread-safe.
 */
public final class Maintenance {
    private final V3Adapter adapter;
    private final Duration timeout;

    Maintenance(V3Adapter adapter, Duration timeout) {
        this.adapter = adapter;
        this.timeout = timeout;
    }

    /** {@return the status of the member the client reaches} */
    public MemberStatus status() {
        return adapter.admin(new AdminCall.Status(null), timeout);
    }

    /**
     * {@return the status of the member at {@code endpoint}}
     *
     * @param endpoint its client URL, such as {@code http://10.0.0.1:2379}
     */
    public MemberStatus status(String endpoint) {
        return adapter.admin(new AdminCall.Status(endpoint(endpoint)), timeout);
    }

    /** {@return the alarms raised in the cluster} */
    public List<Alarm> alarms() {
        return adapter.admin(new AdminCall.Alarms(), timeout);
    }

    /**
     * Disarms {@code alarm} (after freeing space, for {@link Alarm.Type#NOSPACE}: compact and defragment).
     *
     * @param alarm the alarm, from {@link #alarms()}
     * @return the alarms disarmed
     */
    public List<Alarm> disarm(Alarm alarm) {
        return adapter.admin(new AdminCall.DisarmAlarm(Objects.requireNonNull(alarm, "alarm == null")), timeout);
    }

    /**
     * Defragments the backend of the member at {@code endpoint}, giving back the space compaction freed.
     * The member serves nothing while it runs: do one member at a time.
     *
     * @param endpoint its client URL
     * @return the header of the answer
     */
    public Header defragment(String endpoint) {
        return adapter.admin(new AdminCall.Defragment(endpoint(endpoint)), timeout);
    }

    /**
     * {@return the hash of the key-value history of the member at {@code endpoint}, up to {@code revision}
     * (0: the current one); members agree on it at the same revision}
     *
     * @param endpoint its client URL
     * @param revision the revision, 0 for the current one
     * @throws FutureRevisionException if {@code revision} is beyond the current one
     */
    public KvHash hashKv(String endpoint, long revision) {
        if (revision < 0) {
            throw new IllegalArgumentException("revision < 0: " + revision);
        }
        return adapter.admin(new AdminCall.HashKv(endpoint(endpoint), revision), timeout);
    }

    private static String endpoint(String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint == null");
        if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
            throw new IllegalArgumentException("an endpoint is a member's http(s) client URL: " + endpoint);
        }
        return endpoint;
    }

    @Override
    public String toString() {
        return "Maintenance[" + adapter + "]";
    }
}
