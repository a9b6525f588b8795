package dev.etcdj.http.internal;

import dev.etcdj.api.EtcdProtocolException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A body subscriber that collects the bytes into one array, sized from {@code Content-Length} when given,
 * and fails with {@link EtcdProtocolException} as soon as the body exceeds a limit.
 */
public final class LimitedBody implements HttpResponse.BodySubscriber<LimitedBody.Bytes> {
    /** The collected body: the first {@code length} bytes of {@code array}. */
    public record Bytes(byte[] array, int length) {
        /** Returns the body as text, for messages. */
        public String text() {
            return new String(array, 0, length, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static final int PREALLOCATE = 1 << 20;

    private final CompletableFuture<Bytes> result = new CompletableFuture<>();
    private final long limit;
    private volatile Flow.Subscription subscription;
    private byte[] buf;
    private int len;

    private LimitedBody(long limit, long contentLength) {
        if (limit < 1 || limit > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("limit out of range: " + limit);
        }
        this.limit = limit;
        // Content-Length is only a hint: a server may announce much and send nothing, so at most 1 MiB is
        // allocated before the bytes arrive; beyond that the buffer grows with what was received.
        this.buf = new byte[(int) Math.max(0, Math.min(contentLength < 0 ? 512 : contentLength, Math.min(limit, PREALLOCATE)))];
    }

    /** Returns a handler that collects at most {@code limit} bytes. */
    public static HttpResponse.BodyHandler<Bytes> handler(long limit) {
        return handler(limit, b -> { });
    }

    /** Returns such a handler that hands each subscriber to {@code created}, so that it can be failed. */
    public static HttpResponse.BodyHandler<Bytes> handler(long limit, java.util.function.Consumer<LimitedBody> created) {
        return info -> {
            LimitedBody b = new LimitedBody(limit, info.headers().firstValueAsLong("Content-Length").orElse(-1));
            created.accept(b);
            return b;
        };
    }

    /** Stops reading and completes the body with {@code failure} (a deadline passed). */
    public void fail(Throwable failure) {
        if (result.completeExceptionally(failure)) {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }

    @Override
    public CompletionStage<Bytes> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer bb : items) {
            int n = bb.remaining();
            if ((long) len + n > limit) {
                subscription.cancel();
                result.completeExceptionally(new EtcdProtocolException(
                        "response body larger than the limit of " + limit + " bytes", 0, null));
                return;
            }
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(Math.max((long) buf.length * 2, (long) len + n), limit));
            }
            bb.get(buf, len, n);
            len += n;
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(new Bytes(buf, len));
    }
}
