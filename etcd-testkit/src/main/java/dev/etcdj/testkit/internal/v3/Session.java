package dev.etcdj.testkit.internal.v3;

import dev.etcdj.v3.EtcdV3ServerException;
import dev.etcdj.v3.Header;
import dev.etcdj.v3.Lease;
import dev.etcdj.v3.LeaseStatus;
import dev.etcdj.v3.Op;
import dev.etcdj.v3.OpResult;
import dev.etcdj.v3.spi.AdminCall;
import dev.etcdj.v3.spi.V3Adapter;
import dev.etcdj.v3.spi.WatchListener;
import dev.etcdj.v3.spi.WatchRequest;
import dev.etcdj.v3.spi.WatchStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * A client of the fake that authenticates as a user, as the gateway adapter does with credentials: a
 * token at the first call, sent with each; a call refused for its token gets a new one and is sent once
 * more. Closing it leaves the fake open. Thread-safe.
 */
public final class Session implements V3Adapter {
    private final V3Server server;
    private final String user;
    private final char[] password;
    private volatile String token;
    private volatile boolean closed;

    /**
     * @param server the fake
     * @param user the user
     * @param password its password, copied
     */
    public Session(V3Server server, String user, char[] password) {
        this.server = server;
        this.user = user;
        this.password = password.clone();
    }

    private synchronized String token(String refused) {
        if (token == null || token.equals(refused)) {
            token = server.authenticate(user, password, "authenticate as " + user + " at the fake");
        }
        return token;
    }

    private <T> T call(Function<String, T> f) {
        if (closed) {
            throw new dev.etcdj.api.EtcdClosedException("the session of " + user + " with the fake is closed");
        }
        String used = token(null);
        try {
            return f.apply(used);
        } catch (EtcdV3ServerException e) {
            if (!e.tokenRefused()) {
                throw e;
            }
            return f.apply(token(used));
        }
    }

    private static String what(Op op) {
        return op.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " at the fake";
    }

    @Override
    public OpResult execute(Op op, Duration timeout) {
        return call(t -> server.execute(t, op, what(op)));
    }

    @Override
    public Header compact(long revision, boolean physical, Duration timeout) {
        return call(t -> server.compact(t, revision, "compact " + revision + " at the fake"));
    }

    @Override
    public Lease grantLease(long ttlSeconds, long id, Duration timeout) {
        return call(t -> server.grant(ttlSeconds, id, "grant lease at the fake"));
    }

    @Override
    public Header revokeLease(long id, Duration timeout) {
        return call(t -> server.revoke(t, id, "revoke lease " + id + " at the fake"));
    }

    @Override
    public Lease keepAliveOnce(long id, Duration timeout) {
        return call(t -> server.keepAlive(id, "keep lease " + id + " alive at the fake"));
    }

    @Override
    public LeaseStatus timeToLive(long id, boolean keys, Duration timeout) {
        return call(t -> server.timeToLive(id, keys, "time to live of lease " + id + " at the fake"));
    }

    @Override
    public List<Long> leases(Duration timeout) {
        return call(t -> server.leases("list leases at the fake"));
    }

    @Override
    public WatchStream watch(WatchRequest request, WatchListener listener, Duration timeout) {
        return call(t -> server.watch(t, request, listener, request + " at the fake"));
    }

    @Override
    public <R> R admin(AdminCall<R> call, Duration timeout) {
        return call(t -> server.admin(t, call, call + " at the fake"));
    }

    /** Refuses further calls; the fake goes on. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "FakeEtcdV3.Session[" + user + "]";
    }
}
