package dev.etcdj.testkit;

import dev.etcdj.api.Etcd;
import dev.etcdj.http.EtcdHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

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
    private static final System.Logger LOG = System.getLogger("dev.etcdj.testkit.EtcdProcess");
    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Path binary;
    private final Path dataDir;
    private final int clientPort;
    private final int peerPort;
    private final TlsFiles tls;
    private Process process;

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
        /** Checks the components. */
        public TlsFiles {
            java.util.Objects.requireNonNull(certFile, "certFile == null");
            java.util.Objects.requireNonNull(keyFile, "keyFile == null");
            java.util.Objects.requireNonNull(client, "client == null");
        }
    }

    private EtcdProcess(Path binary, Path dataDir, int clientPort, int peerPort, TlsFiles tls) {
        this.binary = binary;
        this.dataDir = dataDir;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.tls = tls;
    }

    /**
     * Returns the etcd binary: {@code $ETCD_BINARY} if set, else {@code etcd} on the {@code PATH}.
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
     * @throws IllegalStateException if no etcd binary is found, or it did not become healthy within 30 s
     *     (the message holds the end of its log)
     */
    public static EtcdProcess start() {
        return start(null);
    }

    /** Starts a real etcd whose client port speaks TLS with {@code tls}; see {@link #start()}. */
    public static EtcdProcess startTls(TlsFiles tls) {
        return start(java.util.Objects.requireNonNull(tls, "tls == null"));
    }

    private static EtcdProcess start(TlsFiles tls) {
        Path binary = findBinary().orElseThrow(() -> new IllegalStateException(
                "no etcd binary: install etcd 3.4 (Debian: apt-get install etcd-server) or set ETCD_BINARY"));
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Path dir;
            try {
                dir = Files.createTempDirectory("etcdj-etcd-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a data directory for etcd", e);
            }
            int[] ports = freePorts(2);
            EtcdProcess etcd = new EtcdProcess(binary, dir, ports[0], ports[1], tls);
            try {
                etcd.launch();
                return etcd;
            } catch (IllegalStateException e) {
                etcd.close();
                last = e;
            }
        }
        throw last;
    }

    private void launch() {
        String client = clientUrl();
        String peer = "http://127.0.0.1:" + peerPort;
        List<String> cmd = new ArrayList<>(List.of(binary.toString(),
                "--name", "etcdj",
                "--data-dir", dataDir.resolve("data").toString(),
                "--listen-client-urls", client,
                "--advertise-client-urls", client,
                "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "etcdj=" + peer,
                "--initial-cluster-state", "new",
                "--enable-v2=true",
                "--logger=zap",
                "--log-outputs=stderr"));
        if (tls != null) {
            cmd.addAll(List.of("--cert-file", tls.certFile().toString(), "--key-file", tls.keyFile().toString()));
            if (tls.trustedCaFile() != null) {
                cmd.addAll(List.of("--trusted-ca-file", tls.trustedCaFile().toString()));
            }
            if (tls.clientCertAuth()) {
                cmd.add("--client-cert-auth");
            }
        }
        Path log = dataDir.resolve("etcd.log");
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary + ": " + e.getMessage(), e);
        }
        awaitHealthy(log);
        LOG.log(System.Logger.Level.DEBUG, () -> "etcd ready at " + client + " (data in " + dataDir + ")");
    }

    private void awaitHealthy(Path log) {
        HttpClient.Builder hb = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1));
        if (tls != null) {
            hb.sslContext(tls.client());
        }
        HttpClient http = hb.build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(clientUrl() + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd exited with " + process.exitValue() + ":\n" + tail(log));
            }
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("true")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet, or (with TLS) a certificate the test made unacceptable on purpose
                if (tls != null && readyInLog(log)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting etcd", e);
            }
            sleep(50);
        }
        throw new IllegalStateException("etcd did not become healthy within " + STARTUP + ":\n" + tail(log));
    }

    private static boolean readyInLog(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).contains("serving client traffic");
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int[] freePorts(int n) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a probe socket cannot fail in a way that matters
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting etcd", e);
        }
    }

    /** Returns the client URL, {@code http://127.0.0.1:<port>} ({@code https} with TLS). */
    public String clientUrl() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + clientPort;
    }

    /** Returns a new client for this server (close it when done); with TLS, on the given client context. */
    public Etcd client() {
        if (tls == null) {
            return EtcdHttp.connect(clientUrl());
        }
        return Etcd.of(dev.etcdj.http.HttpAdapter.newBuilder().endpoints(clientUrl()).sslContext(tls.client()).build());
    }

    /** Returns the temporary directory holding the data and {@code etcd.log}. */
    public Path directory() {
        return dataDir;
    }

    /** Returns whether the process is running. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops etcd (if running) and deletes its directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        deleteTree(dataDir);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "could not delete " + p + ": " + e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete " + dir + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "EtcdProcess[" + clientUrl() + (isRunning() ? "" : ", stopped") + "]";
    }
}
