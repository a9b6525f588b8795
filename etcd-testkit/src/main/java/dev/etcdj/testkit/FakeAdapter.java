package dev.etcdj.testkit;

import dev.etcdj.api.ErrorCode;
import dev.etcdj.api.EtcdAdminException;
import dev.etcdj.api.EtcdClosedException;
import dev.etcdj.api.EtcdException;
import dev.etcdj.api.EtcdResult;
import dev.etcdj.api.EtcdServerException;
import dev.etcdj.api.EtcdTimeoutException;
import dev.etcdj.api.spi.AdminCall;
import dev.etcdj.api.spi.EtcdAdapter;
import dev.etcdj.api.spi.EtcdRequest;
import dev.etcdj.api.spi.WatchEndedException;
import dev.etcdj.testkit.internal.AuthStore;
import dev.etcdj.testkit.internal.Store;
import dev.etcdj.testkit.internal.Watcher;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client's view of a {@link FakeEtcd}, with or without credentials: key requests applied to the
 * store (checked against v2 auth when it is enabled, as etcd checks {@code /v2/keys}), waits completed on
 * the fake's watch threads, and the cluster, stats and auth calls. Thread-safe.
 */
final class FakeAdapter implements EtcdAdapter {
    private final FakeEtcd fake;
    private final String user;
    private final char[] password;
    private volatile boolean closed;

    FakeAdapter(FakeEtcd fake, String user, char[] password) {
        this.fake = fake;
        this.user = user;
        this.password = password;
    }

    @Override
    public CompletableFuture<EtcdResult> execute(EtcdRequest r) {
        Objects.requireNonNull(r, "request == null");
        if (closed || fake.closed) {
            return CompletableFuture.failedFuture(new EtcdClosedException(r.operation() + " " + r.key()
                    + ": " + (closed ? "the adapter is closed: " : "the fake is closed: ") + fake));
        }
        fake.record(r);
        for (FakeEtcd.Fault f : fake.faults) {
            if (f.matcher().test(r) && fake.faults.remove(f)) {
                return CompletableFuture.failedFuture(f.failure());
            }
        }
        boolean write = r.operation() != EtcdRequest.Operation.GET && r.operation() != EtcdRequest.Operation.WAIT;
        if (!fake.admin().auth().hasKeyAccess(user, password, r.key().path(), r.recursive(), write)) {
            return CompletableFuture.failedFuture(EtcdServerException.of(ErrorCode.UNAUTHORIZED, "Insufficient credentials", 0));
        }
        if (r.operation() == EtcdRequest.Operation.WAIT) {
            return watch(r);
        }
        if ((write || r.quorum()) && !fake.admin().members().hasQuorum()) {   // as the fake server answers
            return CompletableFuture.failedFuture(EtcdServerException.of(ErrorCode.RAFT_INTERNAL, "etcdserver: request timed out", 0));
        }
        try {
            Store.Event e = fake.apply(r, fake.expiration(r.ttl()));
            boolean raft = r.operation() != EtcdRequest.Operation.GET || r.quorum();
            return CompletableFuture.completedFuture(fake.toResult(e, r.noValueOnSuccess(), fake.nextRaftIndex(raft)));
        } catch (Store.StoreError e) {
            return CompletableFuture.failedFuture(FakeEtcd.toException(e));
        } catch (StackOverflowError e) {
            return CompletableFuture.failedFuture(new EtcdException(r.operation() + " " + r.key()
                    + ": the fake cannot walk a tree this deep (the JVM stack overflowed); nothing was changed", e));
        }
    }

    @Override
    public <T> CompletableFuture<T> admin(AdminCall<T> call) {
        Objects.requireNonNull(call, "call == null");
        if (closed || fake.closed) {
            return CompletableFuture.failedFuture(new EtcdClosedException(call + ": the client is closed: " + fake));
        }
        try {
            return CompletableFuture.completedFuture(fake.admin().apply(call, user, password));
        } catch (AuthStore.AuthError e) {
            if (e.status == 401) {
                return CompletableFuture.failedFuture(EtcdServerException.of(ErrorCode.UNAUTHORIZED, e.getMessage(), 0));
            }
            return CompletableFuture.failedFuture(new EtcdAdminException(call.getClass().getSimpleName(), e.status, e.getMessage()));
        }
    }

    /**
     * Completes {@code result} on the fake's watch threads, never on the caller's: the store calls sinks
     * under its lock, and the timer thread also runs the TTL sweep.
     */
    private void completeLater(Runnable completion) {
        try {
            fake.watchThreads.execute(completion);
        } catch (RejectedExecutionException e) {
            // Closed: close() fails every open wait itself.
        }
    }

    private CompletableFuture<EtcdResult> watch(EtcdRequest r) {
        CompletableFuture<EtcdResult> result = new CompletableFuture<>();
        Watcher w;
        try {
            w = fake.store().watch(r.key().path(), r.recursive(), false, r.waitIndex(), new Watcher.Sink() {
                @Override
                public void event(Store.Event e) {
                    EtcdResult res = fake.toResult(e, false, fake.nextRaftIndex(false));
                    completeLater(() -> result.complete(res));
                }

                @Override
                public void closed() {
                    completeLater(() -> result.completeExceptionally(new WatchEndedException(
                            "the fake ended the watch on " + r.key() + ": more than 100 events were pending")));
                }
            });
        } catch (Store.StoreError e) {
            return CompletableFuture.failedFuture(FakeEtcd.toException(e));
        }
        FakeEtcd.OpenWait open = new FakeEtcd.OpenWait(this, result, w);
        fake.openWaits.add(open);
        ScheduledFuture<?> timeout = null;
        if (r.timeout() != null) {
            Duration d = r.timeout();
            try {
                timeout = fake.timers.schedule(() -> completeLater(() -> result.completeExceptionally(
                        new EtcdTimeoutException("WAIT " + r.key() + " did not complete within " + d, null))),
                        d.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                fail(open, "the fake is closed");
            }
        }
        ScheduledFuture<?> timer = timeout;
        result.whenComplete((x, error) -> {
            fake.openWaits.remove(open);
            fake.store().cancel(w);
            if (timer != null) {
                timer.cancel(false);
            }
        });
        if (closed || fake.closed) {
            fail(open, "closed");
        }
        return result;
    }

    void fail(FakeEtcd.OpenWait w, String why) {
        fake.store().cancel(w.watcher());
        w.result().completeExceptionally(new EtcdClosedException("WAIT " + w.watcher().key + ": " + why + " (" + fake + ")"));
    }

    /** Fails this adapter's waits in flight with {@link EtcdClosedException}. */
    @Override
    public void close() {
        closed = true;
        for (FakeEtcd.OpenWait w : fake.openWaits) {
            if (w.adapter() == this) {
                fail(w, "the adapter is closed");
            }
        }
    }

    /** Names the user, never the password. */
    @Override
    public String toString() {
        return "FakeEtcd.Adapter[" + fake + (user == null ? "" : ", user=" + user) + "]";
    }
}
