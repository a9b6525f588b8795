package dev.etcdj.api.recipes;

import java.util.concurrent.CompletableFuture;

/**
 * What a recipe holds in etcd: one key on a TTL, refreshed while it is held. A claim is a lease: if this
 * process stalls or loses etcd for longer than the TTL, the key expires and the claim is lost, which
 * {@link #lost()} reports once a refresh (or a re-read) finds the key gone. {@link #close()} gives it up.
 * Thread-safe.
 */
public abstract sealed class Claim implements AutoCloseable
        permits EtcdLock.Held, EtcdSemaphore.Permit, EtcdElection.Leadership {
    final Ticket ticket;

    Claim(Ticket ticket) {
        this.ticket = ticket;
    }

    /** {@return the key that holds the claim, e.g. {@code /_locks/reindex/00000000000000000042}} */
    public final String key() {
        return ticket.key;
    }

    /**
     * Completes when the claim was found lost (its key expired or was deleted); never if it was given up.
     *
     * @return a future completed when the claim is found lost
     */
    public final CompletableFuture<Void> lost() {
        return ticket.lost();
    }

    /** Gives the claim up: stops refreshing and deletes the key. Idempotent. */
    @Override
    public final void close() {
        ticket.leave();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + ticket + "]";
    }
}
