package dev.etcdj.http.internal;

import dev.etcdj.api.spi.EtcdRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns an {@link EtcdRequest} into the HTTP request etcd's v2 API expects: the key percent-encoded per
 * segment under {@code <endpoint><prefix>/keys}, PUT/POST parameters in a form body, GET/DELETE parameters
 * in the query string (etcd ignores a DELETE body, which would turn a compare-and-delete into a plain
 * delete). The mirror of {@link Responses}. Stateless apart from its configuration; thread-safe.
 *
 * <p>A write's body can be sent once only: if anything (the JDK's own retry under
 * {@code -Djdk.httpclient.enableAllMethodRetry}, for example) asks for it a second time, it fails that
 * attempt with an {@link IOException}, so a write that may have reached etcd is never applied twice.
 */
public final class RequestEncoder {
    private static final String FORM = "application/x-www-form-urlencoded";

    private final String prefix;
    private final String authorization;

    /**
     * @param prefix the path before {@code /keys}, e.g. {@code /v2}
     * @param authorization the {@code Authorization} header value, or {@code null}
     */
    public RequestEncoder(String prefix, String authorization) {
        this.prefix = prefix;
        this.authorization = authorization;
    }

    /**
     * Builds the Basic header from the password's characters without making a {@code String} of them; the
     * bytes in between are wiped. The header itself is kept: every request sends it.
     *
     * @param user the user name
     * @param password the password
     * @return the {@code Authorization} header's value
     */
    public static String basicAuthorization(String user, char[] password) {
        ByteBuffer pw = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
        byte[] name = (user + ":").getBytes(StandardCharsets.UTF_8);
        byte[] both = new byte[name.length + pw.remaining()];
        System.arraycopy(name, 0, both, 0, name.length);
        pw.get(both, name.length, pw.remaining());
        if (pw.hasArray()) {
            java.util.Arrays.fill(pw.array(), (byte) 0);
        }
        try {
            return "Basic " + Base64.getEncoder().encodeToString(both);
        } finally {
            java.util.Arrays.fill(both, (byte) 0);
        }
    }

    /**
     * Encodes {@code r} for {@code endpoint}; {@code timeout} (nullable) becomes the JDK's own timeout,
     * which is the only way to end {@code HttpClient.send} before the headers arrive.
     */
    public HttpRequest encode(String endpoint, EtcdRequest r, Duration timeout) {
        StringBuilder url = new StringBuilder(endpoint.length() + 64).append(endpoint).append(prefix).append("/keys");
        PercentEncoder.encodePath(r.key().path(), url);
        StringBuilder params = new StringBuilder();
        switch (r.operation()) {
            case GET:
                flag(params, "recursive", r.recursive());
                flag(params, "sorted", r.sorted());
                flag(params, "quorum", r.quorum());
                break;
            case WAIT:
                flag(params, "wait", true);
                flag(params, "recursive", r.recursive());
                if (r.waitIndex() > 0) {
                    param(params, "waitIndex", Long.toString(r.waitIndex()));
                }
                break;
            case DELETE:
                flag(params, "dir", r.dir());
                flag(params, "recursive", r.recursive());
                conditions(params, r);
                break;
            default:
                if (r.value() != null) {
                    param(params, "value", r.value());
                }
                flag(params, "dir", r.dir());
                if (r.ttl() != null) {
                    param(params, "ttl", Long.toString(r.ttl().getSeconds()));
                }
                if (r.prevExist() != EtcdRequest.PrevExist.EITHER) {
                    param(params, "prevExist", r.prevExist() == EtcdRequest.PrevExist.MUST_EXIST ? "true" : "false");
                }
                conditions(params, r);
                flag(params, "refresh", r.refresh());
                flag(params, "noValueOnSuccess", r.noValueOnSuccess());
        }
        boolean form = r.operation() == EtcdRequest.Operation.SET || r.operation() == EtcdRequest.Operation.APPEND;
        if (!form && params.length() > 0) {
            url.append('?').append(params);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.toString()));
        if (timeout != null) {
            b.timeout(timeout);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        switch (r.operation()) {
            case GET:
            case WAIT:
                return b.GET().build();
            case DELETE:
                return b.method("DELETE", new SendOnce(new byte[0])).build();
            default:
                b.header("Content-Type", FORM);
                SendOnce body = new SendOnce(params.toString().getBytes(StandardCharsets.UTF_8));
                return (r.operation() == EtcdRequest.Operation.SET ? b.PUT(body) : b.POST(body)).build();
        }
    }

    private static void conditions(StringBuilder params, EtcdRequest r) {
        if (r.prevValue() != null) {
            param(params, "prevValue", r.prevValue());
        }
        if (r.prevIndex() > 0) {
            param(params, "prevIndex", Long.toString(r.prevIndex()));
        }
    }

    private static void flag(StringBuilder params, String name, boolean on) {
        if (on) {
            param(params, name, "true");
        }
    }

    private static void param(StringBuilder params, String name, String value) {
        if (params.length() > 0) {
            params.append('&');
        }
        params.append(name).append('=');
        PercentEncoder.encode(value, params);
    }

    /** A body that can be subscribed to once: a second subscription (a re-send) fails. */
    static final class SendOnce implements HttpRequest.BodyPublisher {
        /** The message of the failure a second subscription gets. */
        static final String RESENT = "etcdj refused to send a write a second time (it may have been applied)";

        private final HttpRequest.BodyPublisher bytes;
        private final long length;
        private final AtomicBoolean used = new AtomicBoolean();

        SendOnce(byte[] body) {
            this.bytes = HttpRequest.BodyPublishers.ofByteArray(body);
            this.length = body.length;
        }

        @Override
        public long contentLength() {
            return length;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            if (used.compareAndSet(false, true)) {
                bytes.subscribe(subscriber);
                return;
            }
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IOException(RESENT));
        }
    }
}
