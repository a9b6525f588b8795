package dev.etcdj.testkit.internal.v3;

import dev.etcdj.v3.ByteSequence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * etcd's lessor ({@code server/lease/lessor.go}): leases with a time to live on an injected clock, the
 * keys attached to each, and which have expired. A grant below the minimum TTL is raised to it (2 s with
 * etcd's default heartbeat and election timeout), above {@link #MAX_TTL} refused. Not thread-safe.
 */
public final class Lessor {
    /** etcd's {@code MaxLeaseTTL}. */
    public static final long MAX_TTL = 9_000_000_000L;
    /** etcd's minimum TTL with its default timings: ceil(1.5 election ticks of 100 ms * 10). */
    public static final long MIN_TTL = 2;

    /** A lease: its granted TTL, when it expires, and its keys. */
    static final class State {
        final long id;
        final long ttl;
        Instant expiry;
        final TreeSet<ByteSequence> keys = new TreeSet<>();

        State(long id, long ttl, Instant expiry) {
            this.id = id;
            this.ttl = ttl;
            this.expiry = expiry;
        }
    }

    private final Clock clock;
    private final Map<Long, State> leases = new LinkedHashMap<>();
    private long nextId;

    /** A lessor on {@code clock}, granting ids from {@code firstId} on when none is asked for. */
    public Lessor(Clock clock, long firstId) {
        this.clock = clock;
        this.nextId = firstId;
    }

    /** {@return the lease granted, or null if {@code id} is taken}; {@code id} 0 takes the next free one */
    State grant(long id, long ttl) {
        if (id == 0) {
            while (leases.containsKey(nextId)) {
                nextId++;
            }
            id = nextId++;
        } else if (leases.containsKey(id)) {
            return null;
        }
        long granted = Math.max(ttl, MIN_TTL);
        State s = new State(id, granted, clock.instant().plusSeconds(granted));
        leases.put(id, s);
        return s;
    }

    State get(long id) {
        return leases.get(id);
    }

    /** Forgets the lease; the caller deletes its keys. */
    State remove(long id) {
        return leases.remove(id);
    }

    /** Renews the lease to its granted TTL from now. */
    void renew(State s) {
        s.expiry = clock.instant().plusSeconds(s.ttl);
    }

    /** {@return the whole seconds left, truncated as etcd reports them} */
    long remaining(State s) {
        return Math.max(0, Duration.between(clock.instant(), s.expiry).getSeconds());
    }

    /** {@return the leases whose expiry has passed, in the order they expire} */
    List<State> expired() {
        Instant now = clock.instant();
        List<State> out = new ArrayList<>();
        for (State s : leases.values()) {
            if (!s.expiry.isAfter(now)) {
                out.add(s);
            }
        }
        out.sort((a, b) -> a.expiry.compareTo(b.expiry));
        return out;
    }

    /** {@return the ids of the leases, in the order they were granted} */
    List<Long> ids() {
        return new ArrayList<>(leases.keySet());
    }

    /** Moves {@code key} from {@code from} to {@code to} (either 0 for none). */
    void attach(ByteSequence key, long from, long to) {
        if (from == to) {
            return;
        }
        State old = leases.get(from);
        if (old != null) {
            old.keys.remove(key);
        }
        State next = leases.get(to);
        if (next != null) {
            next.keys.add(key);
        }
    }
}
