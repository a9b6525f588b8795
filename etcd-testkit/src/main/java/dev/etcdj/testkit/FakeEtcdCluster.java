package dev.etcdj.testkit;

import dev.etcdj.api.Etcd;
import dev.etcdj.http.HttpAdapter;
import dev.etcdj.testkit.internal.AuthStore;
import dev.etcdj.testkit.internal.EtcdServerProcess;
import dev.etcdj.testkit.internal.PortHold;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A fake etcd cluster in one JVM: N members on N loopback ports over one in-memory store, each answering
 * as its own member ({@code /v2/stats/self}, its client URL in {@code /v2/members}), with member and
 * cluster ids computed as etcd computes them. A member can be stopped (its port closes), restarted (on the
 * same port), paused (connections stay open, nothing answers, as after SIGSTOP) and resumed; the
 * leadership moves when the leader stops or when told. With fewer than a majority of members up, writes
 * and quorum reads fail as etcd's do (HTTP 500, error 300) while plain reads go on. So failover code is
 * tested without processes, in milliseconds.
 *
 * <pre>{@code
 * try (FakeEtcdCluster cluster = FakeEtcdCluster.start(3); Etcd etcd = cluster.client()) {
 *     etcd.set("/k", "v");
 *     cluster.leader().stop();          // another member leads; the client fails over
 *     etcd.get("/k");
 * }
 * }</pre>
 *
 * Thread-safe.
 */
public final class FakeEtcdCluster implements TestCluster {
    private static final String TOKEN = "etcd-cluster";

    private final FakeEtcd fake;
    private final List<Member> members = new java.util.concurrent.CopyOnWriteArrayList<>();

    private FakeEtcdCluster(int size, Clock clock) {
        int[] ports = EtcdServerProcess.freePorts(2 * size);
        Map<String, List<URI>> initial = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            initial.put("m" + (i + 1), List.of(URI.create("http://127.0.0.1:" + ports[size + i])));
        }
        this.fake = FakeEtcd.newBuilder().clock(clock)
                .initialCluster("m1", initial, List.of(URI.create("http://127.0.0.1:" + ports[0])), TOKEN).build();
        for (int i = 0; i < size; i++) {
            String name = "m" + (i + 1);
            String id = fake.admin().members().byPeerUrls(initial.get(name)).id();
            members.add(new Member(name, id, ports[i]));
        }
        for (Member m : members) {
            m.start();
        }
    }

    /**
     * Starts a cluster of {@code size} members (1, 3 or 5 make sense) on the system clock; m1 leads.
     *
     * @param size how many members
     * @return the running cluster; close it to stop every member
     */
    public static FakeEtcdCluster start(int size) {
        return start(size, Clock.systemUTC());
    }

    /**
     * Starts a cluster of {@code size} members whose TTLs run on {@code clock} (a {@link ManualClock}, say).
     *
     * @param size how many members
     * @param clock the clock
     * @return the running cluster; close it to stop every member
     */
    public static FakeEtcdCluster start(int size, Clock clock) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster has at least one member: " + size);
        }
        return new FakeEtcdCluster(size, Objects.requireNonNull(clock, "clock == null"));
    }

    /** {@return the store every member serves} */
    public FakeEtcd fake() {
        return fake;
    }

    /** Returns the members, m1 first. */
    public List<Member> members() {
        return List.copyOf(members);
    }

    /** Returns member {@code i} (0-based). */
    public Member member(int i) {
        return members.get(i);
    }

    /** Returns a new client on every member's client URL (close it when done). */
    public Etcd client() {
        return Etcd.of(HttpAdapter.newBuilder().endpoints(clientUrls().toArray(String[]::new)).build());
    }

    /** Returns the member that leads. */
    public synchronized Member leader() {
        String id = fake.admin().members().leader().id();
        return members.stream().filter(m -> m.id.equals(id)).findFirst().orElseThrow();
    }

    /** Returns the members that do not lead. */
    public List<Member> followers() {
        Member leader = leader();
        return members.stream().filter(m -> m != leader).toList();
    }

    /**
     * Moves the leadership to {@code member}, as etcd's {@code move-leader} does.
     *
     * @param member the new leader
     */
    public synchronized void moveLeader(Member member) {
        if (!member.isRunning()) {
            throw new IllegalStateException(member + " is not running: it cannot lead");
        }
        try {
            fake.admin().members().leader(member.id);
        } catch (AuthStore.AuthError e) {
            throw new IllegalStateException(member + " is not a member any more", e);
        }
    }

    /** Whether a majority of the members is running (paused ones count as down). */
    synchronized boolean hasQuorum() {
        long up = members.stream().filter(m -> m.isRunning() && !m.paused).count();
        return up > members.size() / 2;
    }

    /** After the leader went down: the first running member leads, if a majority is up (etcd elects one). */
    private synchronized void elect() {
        Member current = leader();
        if (current.isRunning() && !current.paused) {
            return;
        }
        for (Member m : members) {
            if (m.isRunning() && !m.paused && hasQuorum()) {
                moveLeader(m);
                return;
            }
        }
    }

    /** Adds a member through the members API (its id computed as etcd's for a member added now) and starts it. */
    @Override
    public Member addMember() {
        int[] ports = EtcdServerProcess.freePorts(2);
        Member m;
        synchronized (this) {
            dev.etcdj.api.admin.Member added;
            try {
                added = fake.admin().members().add(List.of(URI.create("http://127.0.0.1:" + ports[1])), fake.clock().instant());
            } catch (AuthStore.AuthError e) {
                throw new IllegalStateException("the members API refused a new member: " + e.getMessage(), e);
            }
            m = new Member("m" + (members.size() + 1), added.id(), ports[0]);
            members.add(m);
        }
        m.start();
        return m;
    }

    /** Removes {@code member} through the members API and stops it. */
    @Override
    public void removeMember(TestCluster.Member removed) {
        if (!(removed instanceof Member member) || !members.contains(member)) {
            throw new IllegalArgumentException(removed + " is not a member of " + this);
        }
        if (member == leader()) {
            members.stream().filter(m -> m != member && m.isRunning()).findFirst().ifPresent(this::moveLeader);
        }
        try {
            fake.admin().members().forceRemove(member.id);
        } catch (AuthStore.AuthError e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        synchronized (this) {
            members.remove(member);
        }
        member.stop();
    }

    /** Stops every member and closes the store. Idempotent. */
    @Override
    public void close() {
        for (Member m : members) {
            m.stop();
            m.release();
        }
        fake.close();
    }

    @Override
    public String toString() {
        return "FakeEtcdCluster" + members;
    }

    /** One member: a {@link FakeEtcdServer} on its own port. Thread-safe. */
    public final class Member implements TestCluster.Member {
        private final String name;
        private final String id;
        private final int port;
        private FakeEtcdServer server;
        private PortHold hold;
        private volatile boolean paused;

        private Member(String name, String id, int port) {
            this.name = name;
            this.id = id;
            this.port = port;
        }

        private synchronized void start() {
            server = new FakeEtcdServer(fake, "127.0.0.1", port, id, name, FakeEtcdCluster.this::hasQuorum);
            release();
        }

        private synchronized void release() {
            if (hold != null) {
                hold.close();
                hold = null;
            }
        }

        /** Returns the member's name ({@code m1}, {@code m2}, ...). */
        public String name() {
            return name;
        }

        /** {@return its member id, as etcd computes it from its peer URL and the cluster token} */
        public String id() {
            return id;
        }

        /** Returns its client URL. */
        public String clientUrl() {
            return "http://127.0.0.1:" + port;
        }

        /** Returns whether it is running (a paused member is). */
        public synchronized boolean isRunning() {
            return server != null;
        }

        /**
         * Stops it: its port refuses connections and its watches end; if it led, another member leads. The
         * port stays reserved for {@link #restart()} until the cluster closes. Idempotent.
         */
        public void stop() {
            synchronized (this) {
                if (server == null) {
                    return;
                }
                server.close();
                server = null;
                paused = false;
                hold = PortHold.of("127.0.0.1", port);
            }
            elect();
        }

        /** Starts it again on the same port. */
        public void restart() {
            synchronized (this) {
                if (server != null) {
                    throw new IllegalStateException(this + " is running");
                }
                start();
            }
            elect();
        }

        /** For the fake, the same as {@link #stop()}: its port closes at once, cutting every connection. */
        @Override
        public void kill() {
            stop();
        }

        /** Stops answering while keeping its connections, as a process stopped with SIGSTOP. */
        public void pause() {
            FakeEtcdServer s;
            synchronized (this) {
                s = server;
                if (s == null) {
                    throw new IllegalStateException(this + " is not running");
                }
                paused = true;
                s.pause();
            }
            elect();
        }

        /** Answers again. */
        public void resume() {
            FakeEtcdServer s;
            synchronized (this) {
                s = server;
                paused = false;
            }
            if (s != null) {
                s.resume();
            }
            elect();
        }

        @Override
        public String toString() {
            return name + "@" + clientUrl() + (isRunning() ? paused ? " (paused)" : "" : " (stopped)");
        }
    }
}
