package dev.etcdj.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Keeps a loopback port of a stopped server so that it can restart on the same port. A socket bound to the
 * port but never listening or connected: connecting to the port is refused, as with a dead server, yet the
 * kernel gives the port to no outgoing connection and to no socket that binds it without
 * {@code SO_REUSEADDR}. A server socket that sets {@code SO_REUSEADDR} (the fake's, and Go's listeners in
 * etcd) can still bind it, so the restart may happen before or after {@link #close()}. Not thread-safe.
 */
public final class PortHold implements AutoCloseable {
    private final Socket socket;

    private PortHold(Socket socket) {
        this.socket = socket;
    }

    /** Holds {@code host:port}; the port must be free. */
    public static PortHold of(String host, int port) {
        Socket s = new Socket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
            return new PortHold(s);
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot hold " + host + ":" + port + " for a restart", e);
        }
    }

    /** Lets the port go. Idempotent. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing is held any more either way
        }
    }
}
