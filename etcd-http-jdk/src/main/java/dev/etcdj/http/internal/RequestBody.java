package dev.etcdj.http.internal;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;

/** Collects the bytes of an {@link HttpRequest}'s body publisher, for {@link SocketHttpClient}. */
final class RequestBody {
    private RequestBody() {
    }

    /** The request's body, collected from its publisher; null for a GET without one. */
    static byte[] bytes(HttpRequest request) throws IOException {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        if (publisher.isEmpty() || request.method().equals("GET") && publisher.get().contentLength() == 0) {
            return null;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(
                (int) Math.max(0, Math.min(1 << 20, publisher.get().contentLength())));
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        publisher.get().subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] b = new byte[item.remaining()];
                item.get(b);
                bytes.writeBytes(b);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(bytes.toByteArray());
            }
        });
        try {
            return done.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause.getMessage()), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the request body", e);
        }
    }
}
