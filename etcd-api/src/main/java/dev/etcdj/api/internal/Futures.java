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
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new EtcdException("etcd call failed: " + cause, cause);
        } catch (CancellationException e) {
            throw new EtcdException("the etcd call was cancelled", e);
        }
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
