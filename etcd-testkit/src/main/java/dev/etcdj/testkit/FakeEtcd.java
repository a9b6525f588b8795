package dev.etcdj.testkit;

import dev.etcdj.api.Directory;
import dev.etcdj.api.ErrorCode;
import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdException;
import dev.etcdj.api.EtcdResult;
import dev.etcdj.api.EtcdServerException;
import dev.etcdj.api.Node;
import dev.etcdj.api.Value;
import dev.etcdj.api.spi.EtcdAdapter;
import dev.etcdj.api.spi.EtcdRequest;
import dev.etcdj.testkit.internal.Admin;
import dev.etcdj.testkit.internal.AuthStore;
import dev.etcdj.testkit.internal.Members;
import dev.etcdj.testkit.internal.Store;
import dev.etcdj.testkit.internal.Watcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * An in-memory etcd v2 server with the real one's semantics, for tests that run in milliseconds:
 *
 * <pre>{@code
 * FakeEtcd fake = FakeEtcd.create();
 * Etcd etcd = fake.client();            // the same facade, results and exceptions as with real etcd
 * etcd.set("/a", "1");
 * }</pre>
 *
 * <p>It follows etcd 3.4's v2 store: one global index starting at 3 (as a fresh server), implicit parent
 * directories, set/create/update/compare-and-swap/compare-and-delete/delete/refresh, in-order keys,
 * hidden keys, sorted and recursive reads, the 1,000-event history with error 401, live and historical
 * watches with etcd's matching rules, and every error with the code, message, cause and index etcd
 * writes. TTLs run on the injected {@link Clock}: with a {@link ManualClock} nodes expire exactly when
 * the test advances it (each with its {@code expire} event); with any other clock a sweep runs every
 * 500 ms, as etcd's leader does. No I/O, no JSON. Serve it over HTTP with {@link FakeEtcdServer}.
 *
 * <p>Thread-safe: use it from many clients at once. Watches complete on the fake's own threads.
 */
public final class FakeEtcd implements AutoCloseable {
    /** The cluster id the fake reports unless configured. */
    public static final String DEFAULT_CLUSTER_ID = "cdf818194e3a8c32";

    private final Clock clock;
    private final Store store;
    private final String clusterId;
    private final Admin admin;
    private final long seed;

    /**
     * The system property that fixes the listing seed of fakes built without {@link Builder#seed}: set it
     * to the seed a failed test printed to replay the same listing orders.
     */
    public static final String SEED_PROPERTY = "etcdj.fake.seed";
    private final AtomicLong raftIndex;
    /** How many requests {@link #requests()} keeps: the most recent ones. */
    public static final int RECORDED_REQUESTS = 10_000;

    private final java.util.ArrayDeque<EtcdRequest> requests = new java.util.ArrayDeque<>();
    final List<Fault> faults = new CopyOnWriteArrayList<>();
    final ExecutorService watchThreads = Executors.newCachedThreadPool(daemon("etcdj-fake-watch"));
    final java.util.concurrent.ScheduledThreadPoolExecutor timers;
    /** Every wait in flight through any adapter of this fake: failed by {@link #close()}. */
    final java.util.Set<OpenWait> openWaits = java.util.concurrent.ConcurrentHashMap.newKeySet();
    volatile boolean closed;

    record OpenWait(FakeAdapter adapter, CompletableFuture<EtcdResult> result, Watcher watcher) {
    }

    record Fault(Predicate<EtcdRequest> matcher, EtcdException failure) {
    }

    private FakeEtcd(Builder b) {
        this.clock = b.clock;
        this.seed = b.seed != null ? b.seed : Long.getLong(SEED_PROPERTY, new java.security.SecureRandom().nextLong());
        this.store = new Store(b.clock, b.startIndex, seed);
        Members members = b.initialCluster != null
                ? new Members(b.name, b.initialCluster, b.clientUrls, b.clusterToken)
                : new Members(b.name, List.of(b.peerUrl), List.of(b.clientUrl), b.clusterToken);
        this.clusterId = b.clusterId != null ? b.clusterId : members.clusterId();
        this.admin = new Admin(members, new AuthStore(), b.clock::instant, store::watcherCount, store::bumpIndex);
        this.raftIndex = new AtomicLong(b.startIndex + 2);
        this.timers = new java.util.concurrent.ScheduledThreadPoolExecutor(1, daemon("etcdj-fake-timer"));
        this.timers.setRemoveOnCancelPolicy(true);
        if (b.clock instanceof ManualClock manual) {
            manual.onAdvance(this::sweep);
        } else {
            timers.scheduleAtFixedRate(this::sweepSafely, 500, 500, TimeUnit.MILLISECONDS);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** {@return a fake on the system clock, its index at 3 as a fresh etcd} */
    public static FakeEtcd create() {
        return newBuilder().build();
    }

    /** {@return a builder: clock, start index, cluster id} */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** {@return a new client of this fake} Closing the client leaves the fake running. */
    public Etcd client() {
        return Etcd.of(adapter());
    }

    /** {@return a new adapter onto this fake; closing it only stops that adapter} */
    public EtcdAdapter adapter() {
        return new FakeAdapter(this, null, null);
    }

    /**
     * {@return a client that sends these credentials, as HTTP Basic auth would: once auth is enabled
     * ({@code client().auth().enable()}), the fake checks them and the user's roles exactly as etcd does}
     * The password is copied; the caller may clear its array.
     *
     * @param user the user name
     * @param password the password; copied
     */
    public Etcd client(String user, char[] password) {
        return Etcd.of(new FakeAdapter(this, Objects.requireNonNull(user, "user == null"),
                Objects.requireNonNull(password, "password == null").clone()));
    }

    /**
     * {@return the seed of this fake's listing order: unsorted listings come in a pseudo-random order drawn
     * from it, as etcd's come in Go's map order} Rerun with {@code -Detcdj.fake.seed=} this value, or
     * {@link Builder#seed}, to get the same orders.
     */
    public long seed() {
        return seed;
    }

    /** {@return the current etcd index} */
    public long index() {
        return store.index();
    }

    /**
     * Advances the index by {@code n} without an event, as etcd's internal activity (auth, members) does.
     *
     * @param n how many indexes to skip, at least 0
     */
    public void bumpIndex(long n) {
        store.bumpIndex(n);
    }

    /**
     * Expires every node whose TTL has run out by the clock's current time; returns how many.
     *
     * @return how many nodes expired
     */
    public int sweep() {
        return store.deleteExpired(clock.instant());
    }

    private void sweep(Instant now) {
        if (store.hasTtlNodes()) {
            store.deleteExpired(now);
        }
    }

    /** The periodic sweep: a failure is logged and the next sweep still runs (a thrown one would end them all). */
    private void sweepSafely() {
        try {
            sweep(clock.instant());
        } catch (RuntimeException | Error e) {
            System.getLogger("dev.etcdj.testkit.FakeEtcd").log(System.Logger.Level.WARNING, "TTL sweep failed", e);
        }
    }

    /**
     * {@return the requests the adapters received, oldest first: the last {@link #RECORDED_REQUESTS} of
     * them (requests served over HTTP are not recorded)}
     */
    public List<EtcdRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        synchronized (requests) {
            requests.clear();
        }
    }

    void record(EtcdRequest r) {
        synchronized (requests) {
            if (requests.size() == RECORDED_REQUESTS) {
                requests.removeFirst();
            }
            requests.addLast(r);
        }
    }

    /**
     * Makes the next request matching {@code matcher} fail with {@code failure} instead of being applied
     * (once). For example {@code failNext(r -> r.isWrite(), new EtcdConnectionException("boom", null, true))}.
     *
     * @param matcher which request fails
     * @param failure what it fails with
     */
    public void failNext(Predicate<EtcdRequest> matcher, EtcdException failure) {
        faults.add(new Fault(Objects.requireNonNull(matcher, "matcher == null"), Objects.requireNonNull(failure, "failure == null")));
    }

    /**
     * {@return the whole tree, hidden nodes included, one node a line, sorted: {@code /a/b = "v" [created
     * 4, modified 6, expires ...]}.
} */
    public String dump() {
        StringBuilder sb = new StringBuilder();
        dump(store.dump(), sb);
        return sb.toString();
    }

    private static void dump(Store.NodeView n, StringBuilder sb) {
        if (!n.key().isEmpty()) {
            sb.append(n.key()).append(n.dir() ? "/" : " = \"" + n.value() + "\"")
                    .append(" [created ").append(n.createdIndex()).append(", modified ").append(n.modifiedIndex())
                    .append(n.expiration() == null ? "" : ", expires " + n.expiration()).append("]\n");
        }
        if (n.nodes() != null) {
            for (Store.NodeView c : n.nodes()) {
                dump(c, sb);
            }
        }
    }

    Store store() {
        return store;
    }

    Admin admin() {
        return admin;
    }

    /** Returns how many wait timeouts are scheduled (for tests: finished waits must leave none). */
    int pendingWaitTimeouts() {
        return (int) timers.getQueue().stream()
                .filter(r -> !(r instanceof java.util.concurrent.RunnableScheduledFuture<?> f && f.isPeriodic())).count();
    }

    Clock clock() {
        return clock;
    }

    String clusterId() {
        return clusterId;
    }

    long nextRaftIndex(boolean advance) {
        return advance ? raftIndex.incrementAndGet() : raftIndex.get();
    }

    /**
     * Stops the expiry timer and the watch threads, and fails every wait in flight through its adapters
     * with {@link dev.etcdj.api.EtcdClosedException}; later calls through them fail the same way. A
     * {@link FakeEtcdServer} serving this fake keeps serving its store.
     */
    @Override
    public void close() {
        closed = true;
        for (OpenWait w : openWaits) {
            w.adapter().fail(w, "the fake is closed");
        }
        timers.shutdownNow();
        watchThreads.shutdownNow();
    }

    @Override
    public String toString() {
        return "FakeEtcd[index=" + store.index() + ", seed=" + seed + ", clock=" + clock + "]";
    }

    /** Returns the expiration of a write: now + ttl, or {@code null} for none. */
    Instant expiration(Duration ttl) {
        if (ttl == null) {
            return null;
        }
        try {
            return clock.instant().plus(ttl);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return null;
        }
    }

    /** Applies a validated request to the store, as etcd's v2 applier dispatches it. */
    Store.Event apply(EtcdRequest r, Instant expire) throws Store.StoreError {
        String method;
        switch (r.operation()) {
            case GET: method = "GET"; break;
            case APPEND: method = "POST"; break;
            case DELETE: method = "DELETE"; break;
            case SET: method = "PUT"; break;
            default: throw new IllegalArgumentException("not a store operation: " + r.operation());
        }
        return store.apply(new Store.Request(method, r.key().path(), r.value(), r.dir(),
                r.prevExist() == EtcdRequest.PrevExist.EITHER ? null : r.prevExist() == EtcdRequest.PrevExist.MUST_EXIST, r.prevValue(),
                r.prevIndex(), r.refresh(), r.recursive(), r.sorted(), expire));
    }

    /** Converts a store error to the exception the HTTP adapter would raise for etcd's body. */
    static EtcdServerException toException(Store.StoreError e) {
        ErrorCode code = ErrorCode.of(e.code);
        return EtcdServerException.of(e.code, code == null ? "" : code.message(), e.cause, e.index);
    }

    /** Converts a store event to the API result, with the headers etcd would send. */
    EtcdResult toResult(Store.Event e, boolean noValue, long raft) {
        boolean strip = noValue && (e.action().equals("set") || e.action().equals("create")
                || e.action().equals("update") || e.action().equals("compareAndSwap"));
        Node node = strip ? null : toNode(e.node());
        Node prev = strip ? null : toNode(e.prevNode());
        return EtcdResult.of(dev.etcdj.api.Action.fromWireName(e.action()), node, prev, e.etcdIndex(), raft, 2, clusterId);
    }

    static Node toNode(Store.NodeView n) {
        if (n == null) {
            return null;
        }
        String key = n.key().isEmpty() ? "/" : n.key();
        Optional<Instant> exp = Optional.ofNullable(n.expiration());
        Optional<Duration> ttl = n.ttl() == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(n.ttl()));
        if (n.dir()) {
            List<Node> children = new ArrayList<>();
            if (n.nodes() != null) {
                for (Store.NodeView c : n.nodes()) {
                    children.add(toNode(c));
                }
            }
            return new Directory(key, children, n.createdIndex(), n.modifiedIndex(), exp, ttl);
        }
        return new Value(key, n.value(), n.createdIndex(), n.modifiedIndex(), exp, ttl);
    }

    /** Configures a {@link FakeEtcd}. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private long startIndex = 3;
        private String clusterId;
        private Long seed;
        private String name = "default";
        private java.net.URI peerUrl = java.net.URI.create("http://localhost:2380");
        private java.net.URI clientUrl = java.net.URI.create("http://localhost:2379");
        private String clusterToken = "etcd-cluster";
        private java.util.Map<String, List<java.net.URI>> initialCluster;
        private List<java.net.URI> clientUrls;

        private Builder() {
        }

        /**
         * Sets the identity as etcd's command line does for a member of a larger cluster: its {@code --name},
         * {@code --initial-cluster} (name to peer URLs, in order), {@code --advertise-client-urls} and
         * {@code --initial-cluster-token}. The other members are listed, unstarted; this fake serves as
         * {@code name} and is the leader.
         *
         * @param name the member's name ({@code --name})
         * @param initialCluster every member's name and peer URLs, in order ({@code --initial-cluster})
         * @param clientUrls this member's client URLs ({@code --advertise-client-urls})
         * @param clusterToken the cluster token ({@code --initial-cluster-token})
         * @return this builder
         */
        public Builder initialCluster(String name, java.util.Map<String, List<java.net.URI>> initialCluster,
                                      List<java.net.URI> clientUrls, String clusterToken) {
            this.name = Objects.requireNonNull(name, "name == null");
            this.initialCluster = new java.util.LinkedHashMap<>(initialCluster);
            this.clientUrls = List.copyOf(clientUrls);
            this.clusterToken = Objects.requireNonNull(clusterToken, "clusterToken == null");
            if (!this.initialCluster.containsKey(name)) {
                throw new IllegalArgumentException("initial cluster " + initialCluster.keySet() + " has no member " + name);
            }
            return this;
        }

        /**
         * Sets the member's identity as etcd's flags would: {@code --name} ({@code default}),
         * {@code --initial-advertise-peer-urls} ({@code http://localhost:2380}) and
         * {@code --initial-cluster-token} ({@code etcd-cluster}). The member and cluster ids are computed from
         * them as etcd computes them: the defaults give etcd's well-known {@code 8e9e05c52164694d} and
         * {@code cdf818194e3a8c32}.
         *
         * @param name the member's name ({@code --name})
         * @param peerUrl the member's peer URL ({@code --initial-advertise-peer-urls})
         * @param clusterToken the cluster token ({@code --initial-cluster-token})
         * @return this builder
         */
        public Builder member(String name, java.net.URI peerUrl, String clusterToken) {
            this.name = Objects.requireNonNull(name, "name == null");
            this.peerUrl = Objects.requireNonNull(peerUrl, "peerUrl == null");
            this.clusterToken = Objects.requireNonNull(clusterToken, "clusterToken == null");
            return this;
        }

        /**
         * Sets the client URL the member advertises ({@code http://localhost:2379}; a server sets its own).
         *
         * @param url the client URL
         * @return this builder
         */
        public Builder clientUrl(java.net.URI url) {
            this.clientUrl = Objects.requireNonNull(url, "url == null");
            return this;
        }

        /**
         * Sets the seed of the listing order (see {@link FakeEtcd#seed()}); random, or {@code etcdj.fake.seed}, by
         *     default.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the clock TTLs run on; a {@link ManualClock} makes expiry deterministic.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock == null");
            return this;
        }

        /**
         * Sets the index of the empty store (3, as a fresh single-member etcd, by default).
         *
         * @param index the index, at least 1
         * @return this builder
         */
        public Builder startIndex(long index) {
            if (index < 0) {
                throw new IllegalArgumentException("startIndex < 0: " + index);
            }
            this.startIndex = index;
            return this;
        }

        /**
         * Sets the cluster id reported in {@code X-Etcd-Cluster-Id} (lower-case hex), instead of etcd's computed one.
         *
         * @param id the cluster id, lower-case hex
         * @return this builder
         */
        public Builder clusterId(String id) {
            Objects.requireNonNull(id, "clusterId == null");
            if (!id.matches("[0-9a-f]{1,16}")) {
                throw new IllegalArgumentException("clusterId must be 1 to 16 lower-case hex digits: \"" + id + "\"");
            }
            this.clusterId = id;
            return this;
        }

        /** {@return the fake} */
        public FakeEtcd build() {
            return new FakeEtcd(this);
        }
    }
}
