package dev.etcdj.api.internal;

import dev.etcdj.api.EtcdException;
import dev.etcdj.api.EtcdInterruptedException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Waiting for futures the way blocking etcdj calls do. Not part of the API. */
public final class Futures {
    private Futures() {
    }

    /**
     * Waits for {@code future} and returns its value, or throws its failure as it is (an
     * {@link EtcdException}, not a {@link CompletionException}). An interrupt cancels the future, keeps the
     * interrupt status and throws {@link EtcdInterruptedException}.
     *
     * @param <T> the value's type
     * @param future the future to wait for
     * @return the future's value
     */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new EtcdInterruptedException("interrupted while waiting for etcd; the request was cancelled "
                    + "(a write may still have been applied)", e);
        } catch (ExecutionException e) {
            throw failure(e);
        } catch (CancellationException e) {
            throw new EtcdException("the etcd call was cancelled", e);
        }
    }

    /**
     * Waits for {@code future} as {@link #await} does, except that an interrupt neither cancels it nor ends
     * the wait: the answer is still taken (the call's own deadline bounds the wait) and the interrupt status
     * is set again before this returns or throws. For a call whose answer must not be lost, such as the
     * creation of a key the caller must delete again.
     *
     * @param <T> the value's type
     * @param future the future to wait for
     * @return the future's value
     */
    public static <T> T awaitThroughInterrupts(CompletableFuture<T> future) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw failure(e);
                } catch (CancellationException e) {
                    throw new EtcdException("the etcd call was cancelled", e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The failure of a future as the blocking calls throw it: the cause itself, unwrapped. */
    private static RuntimeException failure(ExecutionException e) {
        Throwable cause = unwrap(e);
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new EtcdException("etcd call failed: " + cause, cause);
    }

    /**
     * Strips {@link CompletionException} and {@link ExecutionException} wrappers.
     *
     * @param t a failure, wrapped or not
     * @return the first cause that is not a wrapper
     */
    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CancellationException) {
            return new EtcdException("the etcd call was cancelled", t);
        }
        return t;
    }
}
