package dev.etcdj.http.internal;

import dev.etcdj.api.ErrorCode;
import dev.etcdj.api.EtcdProtocolException;
import dev.etcdj.api.EtcdResult;
import dev.etcdj.api.EtcdServerException;
import dev.etcdj.api.spi.EtcdRequest;
import dev.etcdj.api.spi.WatchEndedException;
import java.net.http.HttpHeaders;

/**
 * Turns an HTTP answer from etcd into a result or a typed exception: etcd error bodies into
 * {@link EtcdServerException}s, {@code {"message":..}} 401s into error 110, a watch that ended without an
 * event into {@link WatchEndedException}, anything else into an {@link EtcdProtocolException} that names
 * the status, the request and an excerpt of the body. Stateless.
 */
public final class Responses {
    /** How many bytes of an unexpected answer a message shows. */
    private static final int EXCERPT = 80;

    private Responses() {
    }

    /**
     * Maps one HTTP answer to a result or throws the typed exception.
     *
     * @param endpoint the endpoint and path prefix, for messages (never with credentials)
     */
    public static EtcdResult decode(String endpoint, EtcdRequest r, int status, HttpHeaders h, LimitedBody.Bytes body) {
        if (status == 200 || status == 201) {
            if (body.length() == 0 || isBlank(body)) {
                if (r.operation() == EtcdRequest.Operation.WAIT) {
                    throw new WatchEndedException("the server ended the watch on " + r.key()
                            + " without an event; wait again from the same index");
                }
                throw protocol(endpoint, r, status, "an empty body", body);
            }
            EtcdJson.Headers headers = new EtcdJson.Headers(
                    h.firstValueAsLong("X-Etcd-Index").orElse(0), h.firstValueAsLong("X-Raft-Index").orElse(0),
                    h.firstValueAsLong("X-Raft-Term").orElse(0), h.firstValue("X-Etcd-Cluster-Id").orElse(""));
            try {
                return EtcdJson.decodeEvent(body.array(), 0, body.length(), headers);
            } catch (EtcdProtocolException e) {
                // No excerpt: a successful answer holds stored values, which may be secrets.
                throw new EtcdProtocolException("could not decode the answer to " + describe(endpoint, r) + " (HTTP "
                        + status + ", " + body.length() + " bytes): " + e.getMessage(), status, e);
            }
        }
        if (status == 301 || status == 302 || status == 307 || status == 308) {
            throw new EtcdProtocolException("HTTP " + status + " redirect to " + h.firstValue("Location").orElse("?")
                    + " for " + describe(endpoint, r) + "; redirects are not followed (a write must not be re-sent)",
                    status, null);
        }
        if (looksLikeJson(body)) {
            EtcdServerException error;
            try {
                error = EtcdJson.decodeError(body.array(), 0, body.length());
            } catch (EtcdProtocolException e) {
                throw new EtcdProtocolException("HTTP " + status + " with malformed JSON for " + describe(endpoint, r)
                        + " (" + body.length() + " bytes): " + e.getMessage(), status, e);
            }
            if (error != null) {
                throw error;
            }
            String message = EtcdJson.decodeMessage(body.array(), 0, body.length());
            if (status == 401) {
                throw EtcdServerException.of(ErrorCode.UNAUTHORIZED, message == null ? "" : message, 0);
            }
            if (message != null) {
                throw new EtcdProtocolException("HTTP " + status + " from " + describe(endpoint, r) + ": " + message,
                        status, null);
            }
        }
        if (status == 401) {
            throw EtcdServerException.of(ErrorCode.UNAUTHORIZED, "", 0);
        }
        String hint = status == 404 ? " (is the path prefix right, and is the v2 API enabled with --enable-v2=true?)" : "";
        throw protocol(endpoint, r, status, "a non-etcd answer" + hint, body);
    }

    private static String describe(String endpoint, EtcdRequest r) {
        return r.operation() + " " + r.key() + " at " + endpoint;
    }

    private static EtcdProtocolException protocol(String endpoint, EtcdRequest r, int status, String what, LimitedBody.Bytes body) {
        boolean success = status >= 200 && status < 300;
        return new EtcdProtocolException("HTTP " + status + " with " + what + " for " + describe(endpoint, r)
                + (body.length() > 0 && !success ? "; body: " + excerpt(body, r) : ""), status, null);
    }

    /** The start of a non-etcd answer (a proxy's error page, say), short, and without the value written. */
    private static String excerpt(LimitedBody.Bytes body, EtcdRequest r) {
        String text = body.length() > EXCERPT ? new String(body.array(), 0, EXCERPT, java.nio.charset.StandardCharsets.UTF_8) + "…"
                : body.text();
        String e = EtcdJson.excerpt(text);
        if (r.value() != null && r.value().length() >= 3) {
            e = e.replace(r.value(), "***");
        }
        return e;
    }

    private static boolean isBlank(LimitedBody.Bytes body) {
        for (int i = 0; i < body.length(); i++) {
            byte c = body.array()[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeJson(LimitedBody.Bytes body) {
        for (int i = 0; i < body.length(); i++) {
            byte c = body.array()[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return c == '{';
            }
        }
        return false;
    }

}
