package dev.etcdj.testkit.internal;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One etcd server process for tests: its command line, start, health check, stop (SIGTERM), kill
 * (SIGKILL), pause (SIGSTOP) and resume (SIGCONT). The data directory outlives the process, so a stopped
 * or killed member restarts with its data; {@link #delete()} removes it. Thread-safe.
 */
public final class EtcdServerProcess {
    private static final System.Logger LOG = System.getLogger("dev.etcdj.testkit.EtcdProcess");

    private final Path binary;
    private final Path dir;
    private final String name;
    private final String clientUrl;
    private final String peerUrl;
    private final List<String> extraArgs;
    private final javax.net.ssl.SSLContext healthTls;
    private Process process;
    private final List<PortHold> holds = new ArrayList<>();
    private String initialCluster;
    private String state;

    /**
     * Describes a member; nothing runs until {@link #launch}.
     *
     * @param clientUrl the URL it listens on and advertises for clients
     * @param peerUrl the URL it listens on and advertises to its peers
     * @param extraArgs more flags (TLS, say)
     * @param healthTls the TLS context of the health check, or null for plain HTTP
     */
    public EtcdServerProcess(Path binary, Path dir, String name, String clientUrl, String peerUrl,
                             List<String> extraArgs, javax.net.ssl.SSLContext healthTls) {
        this.binary = binary;
        this.dir = dir;
        this.name = name;
        this.clientUrl = clientUrl;
        this.peerUrl = peerUrl;
        this.extraArgs = List.copyOf(extraArgs);
        this.healthTls = healthTls;
        UNDELETED.add(this);
    }

    public String name() {
        return name;
    }

    public String clientUrl() {
        return clientUrl;
    }

    public String peerUrl() {
        return peerUrl;
    }

    public Path directory() {
        return dir;
    }

    /** Returns {@code name=peerUrl}, this member's entry in {@code --initial-cluster}. */
    public String clusterEntry() {
        return name + "=" + peerUrl;
    }

    /**
     * Every etcd this JVM started and has not stopped, and every member whose directory is not deleted: a
     * JVM that exits without closing them (a test run that crashed, {@code System.exit}, a SIGTERM, or a
     * closing hook that lost the race with this one) kills them and deletes their directories on its way
     * out, instead of leaving them serving or on disk.
     */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.Set<EtcdServerProcess> UNDELETED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(EtcdServerProcess::reap, "etcdj-etcd-reaper"));
    }

    private static void reap() {
        for (Process p : RUNNING) {
            p.destroyForcibly();
        }
        for (Process p : RUNNING) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);   // a directory is deleted once nothing writes to it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (EtcdServerProcess server : UNDELETED) {
            deleteTree(server.dir);
        }
    }

    /** Starts the process with {@code --initial-cluster} and {@code --initial-cluster-state}; does not wait. */
    public synchronized void launch(String initialCluster, String state) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running already");
        }
        this.initialCluster = initialCluster;
        this.state = state;
        List<String> cmd = new ArrayList<>(List.of(binary.toString(),
                "--name", name,
                "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", clientUrl,
                "--advertise-client-urls", clientUrl,
                "--listen-peer-urls", peerUrl,
                "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", initialCluster,
                "--initial-cluster-state", state,
                "--enable-v2=true",
                "--logger=zap",
                "--log-outputs=stderr"));
        cmd.addAll(extraArgs);
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
            RUNNING.add(process);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary + ": " + e.getMessage(), e);
        }
    }

    /** Starts the stopped or killed process again, with its data and the flags it was first started with. */
    public void restart() {
        launch(initialCluster, state);
    }

    private Path log() {
        return dir.resolve("etcd.log");
    }

    /**
     * Waits until {@code /health} says true (the member is in a cluster with a leader).
     *
     * @throws IllegalStateException if the process exits, or it is not healthy within {@code timeout}
     */
    public void awaitHealthy(Duration timeout) {
        HttpClient.Builder hb = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1));
        if (healthTls != null) {
            hb.sslContext(healthTls);
        }
        HttpClient http = hb.build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(clientUrl + "/health")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process p;
            synchronized (this) {
                p = process;
            }
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException(name + " exited" + (p == null ? "" : " with " + p.exitValue()) + ":\n" + tail());
            }
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("true")) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "etcd " + name + " ready at " + clientUrl);
                    release();
                    return;
                }
            } catch (IOException e) {
                // not listening yet, or (with TLS) a certificate the test made unacceptable on purpose
                if (healthTls != null && readyInLog()) {
                    release();
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting etcd", e);
            }
            sleep(50);
        }
        throw new IllegalStateException("etcd " + name + " did not become healthy within " + timeout + ":\n" + tail());
    }

    private boolean readyInLog() {
        try {
            return Files.readString(log(), StandardCharsets.UTF_8).contains("serving client traffic");
        } catch (IOException e) {
            return false;
        }
    }

    /** Returns the last 20 lines of the member's log. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the process with SIGTERM (SIGKILL after 10 s); a paused one is resumed first. Idempotent. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        signal("CONT");
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(process);
        process = null;
        hold();
    }

    /** Kills the process with SIGKILL, as a crash would. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(process);
        process = null;
        hold();
    }

    /**
     * Keeps the stopped member's client and peer ports from any other socket of this machine until it is
     * healthy again or deleted, so that its restart on the same ports cannot find them taken (etcd's
     * listeners set {@code SO_REUSEADDR}, so they bind while the ports are held). See {@link PortHold}.
     */
    private synchronized void hold() {
        if (!holds.isEmpty()) {
            return;
        }
        for (String url : List.of(clientUrl, peerUrl)) {
            URI u = URI.create(url);
            try {
                holds.add(PortHold.of(u.getHost(), u.getPort()));
            } catch (UncheckedIOException e) {
                // the port is still in use by a socket the dead process left; the restart takes its chances
                LOG.log(System.Logger.Level.DEBUG, () -> name + ": " + e.getMessage());
            }
        }
    }

    private synchronized void release() {
        holds.forEach(PortHold::close);
        holds.clear();
    }

    /** Freezes the process (SIGSTOP): it holds its sockets but answers nothing, like a stalled machine. */
    public synchronized void pause() {
        signal("STOP");
    }

    /** Lets a paused process go on (SIGCONT). */
    public synchronized void resume() {
        signal("CONT");
    }

    /** Waits for the process to end by itself (a removed member does). */
    public synchronized boolean awaitExit(Duration timeout) {
        if (process == null) {
            return true;
        }
        try {
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (ended) {
                RUNNING.remove(process);
                process = null;
            }
            return ended;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void signal(String sig) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + sig + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send SIG" + sig + " to " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name, e);
        }
    }

    /** Stops the process and deletes its directory. */
    public void delete() {
        stop();
        release();
        deleteTree(dir);
        UNDELETED.remove(this);
    }

    /** Returns {@code n} free loopback ports. */
    public static int[] freePorts(int n) {
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

    /** Creates a temporary directory for a member. */
    public static Path newDirectory() {
        try {
            return Files.createTempDirectory("etcdj-etcd-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for etcd", e);
        }
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting etcd", e);
        }
    }

    @Override
    public String toString() {
        return name + "@" + clientUrl + (isRunning() ? "" : " (stopped)");
    }
}
