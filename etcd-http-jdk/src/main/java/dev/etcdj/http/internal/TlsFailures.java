package dev.etcdj.http.internal;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Says in words why a TLS handshake failed, from the JDK's exception chain: an untrusted or expired server
 * certificate, one that does not name the host, or a server that wants (or refused) a client certificate.
 * A handshake failure means the request was never sent.
 */
public final class TlsFailures {
    private TlsFailures() {
    }

    /** Returns the explanation if {@code t} is (or was caused by) a failed TLS handshake, else null. */
    public static String explain(Throwable t, String host) {
        Throwable handshake = null;
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
            if (c instanceof SSLHandshakeException || c instanceof SSLException && handshake == null
                    && String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("certificate")) {
                handshake = c;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        if (handshake == null) {
            return null;
        }
        String text = all.toString();
        String why;
        if (text.contains("CertificateExpiredException") || text.contains("validity check failed") || text.contains("NotAfter")) {
            why = "the server's certificate has expired (or is not yet valid)";
        } else if (text.contains("No subject alternative") || text.contains("subject alternative names")
                || text.contains("No name matching")) {
            why = "the server's certificate does not name " + host + " (hostname verification is always on)";
        } else if (text.contains("PKIX path") || text.contains("unable to find valid certification path")) {
            why = "the server's certificate is not signed by a CA this client trusts";
        } else if (text.contains("bad_certificate") || text.contains("certificate_required") || text.contains("unknown_ca")) {
            why = "the server refused the client certificate, or requires one and none was given";
        } else {
            why = String.valueOf(handshake.getMessage());
        }
        return "TLS handshake with " + host + " failed: " + why;
    }
}
