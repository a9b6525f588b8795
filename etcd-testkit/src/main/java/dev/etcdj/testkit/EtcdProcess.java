package dev.etcdj.testkit;

import dev.etcdj.api.Etcd;
import dev.etcdj.http.EtcdHttp;
import dev.etcdj.testkit.internal.EtcdServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A real etcd server started for tests: one member on free loopback ports, in a temporary data
 * directory, with the v2 API enabled ({@code --enable-v2=true}). {@link #close()} stops it and deletes the
 * directory.
 *
 * <pre>{@code
 * try (EtcdProcess etcd = EtcdProcess.start(); Etcd client = etcd.client()) {
 *     client.set("/hello", "world");
 * }
 * }</pre>
 *
 * <p>The binary is {@code $ETCD_BINARY} if set, else {@code etcd} on the {@code PATH}; see
 * {@link #findBinary()}. Thread-safe.
 */
public final class EtcdProcess implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final EtcdServerProcess server;
    private final TlsFiles tls;

    /**
     * TLS for the client port: etcd's {@code --cert-file}, {@code --key-file}, {@code --trusted-ca-file} and
     * {@code --client-cert-auth}, and the context clients of the process (and its health check) use.
     *
     * @param certFile the server's certificate (PEM)
     * @param keyFile the server's key (PEM)
     * @param trustedCaFile the CA that client certificates must chain to, or null
     * @param clientCertAuth whether clients must present a certificate
     * @param client the TLS context of {@link #client()} and of the health check
     */
    public record TlsFiles(Path certFile, Path keyFile, Path trustedCaFile, boolean clientCertAuth, javax.net.ssl.SSLContext client) {
        /**
         * Checks the components.
         *
         * @param certFile the server's certificate (PEM)
         * @param keyFile the server's key (PEM)
         * @param trustedCaFile the CA that client certificates must chain to, or null
         * @param clientCertAuth whether clients must present a certificate
         * @param client the TLS context of {@link #client()} and of the health check
         */
        public TlsFiles {
            java.util.Objects.requireNonNull(certFile, "certFile == null");
            java.util.Objects.requireNonNull(keyFile, "keyFile == null");
            java.util.Objects.requireNonNull(client, "client == null");
        }
    }

    private EtcdProcess(EtcdServerProcess server, TlsFiles tls) {
        this.server = server;
        this.tls = tls;
    }

    /**
     * {@return the etcd binary: {@code $ETCD_BINARY} if set, else {@code etcd} on the {@code PATH}}
     */
    public static Optional<Path> findBinary() {
        String explicit = System.getenv("ETCD_BINARY");
        if (explicit != null && !explicit.isBlank()) {
            Path p = Paths.get(explicit);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Paths.get(dir, "etcd");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts etcd and waits until it answers {@code /health}.
     *
     * @return the running server; close it to stop it and delete its data
     * @throws IllegalStateException if no etcd binary is found, or it did not become healthy within 30 s
     *     (the message holds the end of its log)
     */
    public static EtcdProcess start() {
        return start((TlsFiles) null);
    }

    /**
     * Starts a real etcd whose client port speaks TLS with {@code tls}; see {@link #start()}.
     *
     * @param tls the server's certificate and key, and the CA that signed them
     * @return the running server; close it to stop it and delete its data
     */
    public static EtcdProcess startTls(TlsFiles tls) {
        return start(java.util.Objects.requireNonNull(tls, "tls == null"));
    }

    /**
     * Starts the etcd binary at {@code binary}, another version than {@link #findBinary()}'s (etcd 3.5 for
     * the v3 API, say); see {@link #start()}.
     *
     * @param binary the etcd executable
     * @return the running server; close it to stop it and delete its data
     * @throws IllegalArgumentException if {@code binary} is not an executable file
     */
    public static EtcdProcess start(Path binary) {
        return start(binary, new String[0]);
    }

    /**
     * Starts the etcd binary at {@code binary} with more flags, such as {@code --auth-token-ttl 1}; see
     * {@link #start()}. The flags that set its name, ports, directory and cluster are the testkit's.
     *
     * @param binary the etcd executable
     * @param flags the flags to add
     * @return the running server; close it to stop it and delete its data
     * @throws IllegalArgumentException if {@code binary} is not an executable file
     */
    public static EtcdProcess start(Path binary, String... flags) {
        Objects.requireNonNull(binary, "binary == null");
        if (!Files.isExecutable(binary)) {
            throw new IllegalArgumentException("not an executable etcd: " + binary);
        }
        return start(binary, null, List.of(flags));
    }

    private static EtcdProcess start(TlsFiles tls) {
        return start(findBinary().orElseThrow(() -> new IllegalStateException(
                "no etcd binary: install etcd 3.4 (Debian: apt-get install etcd-server) or set ETCD_BINARY")), tls, List.of());
    }

    private static EtcdProcess start(Path binary, TlsFiles tls, List<String> flags) {
        List<String> extra = tlsArgs(tls);
        extra.addAll(flags);
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {   // a port taken between probe and bind: try others
            int[] ports = EtcdServerProcess.freePorts(2);
            EtcdServerProcess server = new EtcdServerProcess(binary, EtcdServerProcess.newDirectory(), "etcdj",
                    (tls == null ? "http" : "https") + "://127.0.0.1:" + ports[0], "http://127.0.0.1:" + ports[1],
                    extra, tls == null ? null : tls.client());
            try {
                server.launch(server.clusterEntry(), "new");
                server.awaitHealthy(STARTUP);
                return new EtcdProcess(server, tls);
            } catch (IllegalStateException e) {
                server.delete();
                last = e;
            }
        }
        throw last;
    }

    /** Returns etcd's flags for TLS on the client port (none for {@code tls == null}). */
    static List<String> tlsArgs(TlsFiles tls) {
        List<String> args = new ArrayList<>();
        if (tls != null) {
            args.addAll(List.of("--cert-file", tls.certFile().toString(), "--key-file", tls.keyFile().toString()));
            if (tls.trustedCaFile() != null) {
                args.addAll(List.of("--trusted-ca-file", tls.trustedCaFile().toString()));
            }
            if (tls.clientCertAuth()) {
                args.add("--client-cert-auth");
            }
        }
        return args;
    }

    /** {@return the client URL, {@code http://127.0.0.1:<port>} ({@code https} with TLS)} */
    public String clientUrl() {
        return server.clientUrl();
    }

    /** {@return a new client for this server (close it when done); with TLS, on the given client context} */
    public Etcd client() {
        if (tls == null) {
            return EtcdHttp.connect(clientUrl());
        }
        return Etcd.of(dev.etcdj.http.HttpAdapter.newBuilder().endpoints(clientUrl()).sslContext(tls.client()).build());
    }

    /** {@return the temporary directory holding the data and {@code etcd.log}} */
    public Path directory() {
        return server.directory();
    }

    /** {@return whether the process is running} */
    public boolean isRunning() {
        return server.isRunning();
    }

    /** Stops etcd (if running) and deletes its directory. Idempotent. */
    @Override
    public void close() {
        server.delete();
    }

    @Override
    public String toString() {
        return "EtcdProcess[" + clientUrl() + (isRunning() ? "" : ", stopped") + "]";
    }
}
