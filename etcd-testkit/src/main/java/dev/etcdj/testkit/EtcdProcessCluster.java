package dev.etcdj.testkit;

import dev.etcdj.api.Etcd;
import dev.etcdj.http.HttpAdapter;
import dev.etcdj.testkit.internal.EtcdServerProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A real etcd cluster started for tests: N members on free loopback ports, each with its own temporary
 * data directory, the v2 API enabled. Members can be stopped (SIGTERM), killed (SIGKILL), restarted with
 * their data, paused (SIGSTOP) and resumed (SIGCONT), added and removed, so failover code meets the
 * failures it is written for. {@link #close()} stops every member and deletes the directories.
 *
 * <pre>{@code
 * try (EtcdProcessCluster cluster = EtcdProcessCluster.start(3); Etcd etcd = cluster.client()) {
 *     etcd.set("/k", "v");
 *     cluster.leader().kill();          // a new leader is elected; the client goes on
 *     etcd.get("/k");
 * }
 * }</pre>
 *
 * The binary is found as {@link EtcdProcess#findBinary()} finds it. Thread-safe.
 */
public final class EtcdProcessCluster implements TestCluster {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Path binary;
    private final EtcdProcess.TlsFiles tls;
    private final List<Member> members = new CopyOnWriteArrayList<>();
    private int next;

    private EtcdProcessCluster(Path binary, EtcdProcess.TlsFiles tls) {
        this.binary = binary;
        this.tls = tls;
    }

    /**
     * Starts {@code size} members (1, 3 or 5 make sense) and waits until every one is healthy.
     *
     * @param size how many members
     * @return the running cluster; close it to stop every member and delete their data
     * @throws IllegalStateException if no etcd binary is found, or the cluster did not form within 60 s
     *     (the message holds the end of the failing member's log)
     */
    public static EtcdProcessCluster start(int size) {
        return start(size, null);
    }

    /**
     * Starts {@code size} members whose client ports speak TLS with {@code tls} (the same certificate for
     * every member: give it an IP SAN for 127.0.0.1); peers talk plain HTTP. See {@link #start(int)}.
     *
     * @param size how many members
     * @param tls the members' certificate and key, and the CA that signed them
     * @return the running cluster; close it to stop every member and delete their data
     */
    public static EtcdProcessCluster startTls(int size, EtcdProcess.TlsFiles tls) {
        return start(size, Objects.requireNonNull(tls, "tls == null"));
    }

    private static EtcdProcessCluster start(int size, EtcdProcess.TlsFiles tls) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster has at least one member: " + size);
        }
        Path binary = EtcdProcess.findBinary().orElseThrow(() -> new IllegalStateException(
                "no etcd binary: install etcd 3.4 (Debian: apt-get install etcd-server) or set ETCD_BINARY"));
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {   // a port taken between probe and bind: try others
            EtcdProcessCluster cluster = new EtcdProcessCluster(binary, tls);
            try {
                cluster.form(size);
                return cluster;
            } catch (IllegalStateException e) {
                cluster.close();
                last = e;
            }
        }
        throw last;
    }

    private void form(int size) {
        List<Member> founders = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            founders.add(newMember());
        }
        String initial = founders.stream().map(m -> m.server.clusterEntry()).collect(Collectors.joining(","));
        members.addAll(founders);
        for (Member m : founders) {
            m.server.launch(initial, "new");
        }
        for (Member m : founders) {
            m.server.awaitHealthy(STARTUP);
        }
    }

    private synchronized Member newMember() {
        int[] ports = EtcdServerProcess.freePorts(2);
        String name = "m" + (++next);
        return new Member(new EtcdServerProcess(binary, EtcdServerProcess.newDirectory(), name,
                (tls == null ? "http" : "https") + "://127.0.0.1:" + ports[0], "http://127.0.0.1:" + ports[1],
                EtcdProcess.tlsArgs(tls), tls == null ? null : tls.client()));
    }

    /** Returns the current members, in the order they joined. */
    public List<Member> members() {
        return List.copyOf(members);
    }

    /** Returns member {@code i} (0-based, in the order they joined). */
    public Member member(int i) {
        return members.get(i);
    }

    /** Returns a new client on every member's client URL (close it when done); with TLS, on the given client context. */
    public Etcd client() {
        return Etcd.of(adapter(clientUrls().toArray(String[]::new)));
    }

    private HttpAdapter adapter(String... urls) {
        HttpAdapter.Builder b = HttpAdapter.newBuilder().endpoints(urls);
        if (tls != null) {
            b.sslContext(tls.client());
        }
        return b.build();
    }

    /** Returns the member that leads now, as etcd's {@code /v2/members/leader} says (asked of a running member). */
    public Member leader() {
        try (Etcd etcd = runningClient()) {
            String name = etcd.cluster().leader().name();
            return members.stream().filter(m -> m.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("etcd names a leader " + name + " this cluster did not start"));
        }
    }

    /** Returns the members that do not lead. */
    public List<Member> followers() {
        Member leader = leader();
        return members.stream().filter(m -> m != leader).toList();
    }

    /** Adds a member through the members API, starts it and waits until it is healthy. */
    public Member addMember() {
        Member m = newMember();
        try (Etcd etcd = runningClient()) {
            // etcd refuses a new voting member (HTTP 500, "unhealthy cluster") until every member has been
            // connected for 5 s, as after a restart: ask again until it agrees
            long deadline = System.nanoTime() + STARTUP.toNanos();
            while (true) {
                try {
                    etcd.cluster().addMember(URI.create(m.peerUrl()));
                    break;
                } catch (dev.etcdj.api.EtcdAdminException e) {
                    if (e.kind() != dev.etcdj.api.EtcdAdminException.Kind.UNAVAILABLE || System.nanoTime() > deadline) {
                        throw e;
                    }
                    pause(250);
                }
            }
        }
        String initial = members.stream().map(x -> x.server.clusterEntry()).collect(Collectors.joining(","))
                + "," + m.server.clusterEntry();
        members.add(m);
        m.server.launch(initial, "existing");
        m.server.awaitHealthy(STARTUP);
        return m;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while adding a member", e);
        }
    }

    /** Removes {@code member} through the members API; its process ends and its directory is deleted. */
    @Override
    public void removeMember(TestCluster.Member removed) {
        Objects.requireNonNull(removed, "member == null");
        if (!(removed instanceof Member member) || !members.contains(member)) {
            throw new IllegalArgumentException(removed + " is not a member of " + this);
        }
        try (Etcd etcd = runningClient(member)) {
            String id = etcd.cluster().members().stream().filter(x -> x.name().equals(member.name())).findFirst()
                    .orElseThrow(() -> new IllegalStateException(member + " is not a member")).id();
            etcd.cluster().removeMember(id);
        }
        members.remove(member);
        member.server.awaitExit(Duration.ofSeconds(10));
        member.server.delete();
    }

    private Etcd runningClient(Member... except) {
        List<Member> skip = List.of(except);
        String[] urls = members.stream().filter(m -> m.isRunning() && !skip.contains(m)).map(Member::clientUrl).toArray(String[]::new);
        if (urls.length == 0) {
            throw new IllegalStateException("no member of " + this + " is running");
        }
        return Etcd.of(adapter(urls));
    }

    /** Stops every member and deletes their directories. Idempotent. */
    @Override
    public void close() {
        for (Member m : members) {
            m.server.delete();
        }
        members.clear();
    }

    @Override
    public String toString() {
        return "EtcdProcessCluster" + members;
    }

    /** One member's process. Thread-safe. */
    public static final class Member implements TestCluster.Member {
        private final EtcdServerProcess server;

        private Member(EtcdServerProcess server) {
            this.server = server;
        }

        /** Returns the member's name ({@code m1}, {@code m2}, ...). */
        public String name() {
            return server.name();
        }

        /** Returns its client URL. */
        public String clientUrl() {
            return server.clientUrl();
        }

        /** {@return its peer URL} */
        public String peerUrl() {
            return server.peerUrl();
        }

        /** Returns whether its process is running (a paused one is). */
        public boolean isRunning() {
            return server.isRunning();
        }

        /** Stops it with SIGTERM; its data stays for {@link #restart()}. */
        public void stop() {
            server.stop();
        }

        /** Kills it with SIGKILL, as a crash would; its data stays for {@link #restart()}. */
        public void kill() {
            server.kill();
        }

        /** Starts it again with its data and waits until it is healthy. */
        public void restart() {
            server.restart();
            server.awaitHealthy(STARTUP);
        }

        /** Freezes it (SIGSTOP): connections stay open and nothing answers. */
        public void pause() {
            server.pause();
        }

        /** Lets it go on (SIGCONT). */
        public void resume() {
            server.resume();
        }

        /** {@return the last lines of its log, for failure messages} */
        public String logTail() {
            return server.tail();
        }

        @Override
        public String toString() {
            return server.toString();
        }
    }
}
