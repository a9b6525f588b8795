package dev.etcdj.http;

import dev.etcdj.api.EtcdClosedException;
import dev.etcdj.api.EtcdConnectionException;
import dev.etcdj.api.EtcdProtocolException;
import dev.etcdj.api.EtcdResult;
import dev.etcdj.api.RaftInternalException;
import dev.etcdj.api.spi.EtcdAdapter;
import dev.etcdj.api.spi.EtcdRequest;
import dev.etcdj.http.internal.Deadlines;
import dev.etcdj.http.internal.Durations;
import dev.etcdj.http.internal.RequestEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;

/**
 * The etcd v2 adapter over HTTP/1.1: keep-alive connections reused, redirects never followed (etcd only
 * redirects unclean paths, and a write must not be re-sent). The bytes move over blocking sockets by
 * default, or over {@link HttpClient}; see {@link Transport} and {@link Builder#transport}.
 *
 * <ul>
 *   <li>Keys are percent-encoded per segment; PUT/POST parameters go in a form body, GET/DELETE
 *       parameters in the query string.</li>
 *   <li>Every call has one deadline covering connection, every failover attempt and reading the whole
 *       body: the call's {@code timeout()}, else {@link Builder#requestTimeout}. One-shot waits have none
 *       unless given one. Deadlines are enforced by one sweeper thread per JVM, which never runs user code:
 *       a timed-out future is completed on a separate pool.</li>
 *   <li>With several endpoints, a request that could not connect goes to the next one. A read that lost
 *       its connection after sending is re-sent once on a fresh connection (by the transport), then once on
 *       the next endpoint. A member that answers HTTP 5xx or etcd error 300 (it cannot commit) is left for the next
 *       endpoint, and a read is tried there at once. A write is never re-sent, not even by the JDK under
 *       {@code -Djdk.httpclient.enableAllMethodRetry}: it may have been applied. It fails with
 *       {@link EtcdConnectionException#mayHaveBeenApplied()} (or {@link RaftInternalException}), and the
 *       caller decides (a conditional write can be checked by reading the key). A write does go to the
 *       next endpoint when it provably never reached a server (connection refused, TLS handshake failed).</li>
 *   <li>The endpoint that last answered well is tried first. One that failed is set aside: for 1 s after
 *       its first failure, doubling with each further one up to 30 s, it is tried only after the others, so
 *       a call never waits on a member known to be dead and never fails only because all were set aside.
 *       With {@link Builder#discoverMembers()} the endpoints follow the members etcd reports.</li>
 *   <li>{@link #close()} fails every call in flight, waits included, with {@link EtcdClosedException}.</li>
 * </ul>
 *
 * <p>Thread-safe. {@link #toString()} and every message leave the password out.
 */
public final class HttpAdapter implements EtcdAdapter {
    private static final System.Logger LOG = System.getLogger("dev.etcdj.http.HttpAdapter");

    final dev.etcdj.http.internal.EndpointPool pool;
    private final MemberDiscovery discovery;
    final String prefix;
    final HttpClient client;
    private final boolean ownsClient;
    private final Duration requestTimeout;
    final long maxResponseBytes;
    private final String user;
    final RequestEncoder encoder;
    final Set<Exchange> inFlight = ConcurrentHashMap.newKeySet();
    private final AdminSender admin;
    private final String expectedClusterId;
    volatile boolean closed;

    private HttpAdapter(Builder b) {
        this.pool = new dev.etcdj.http.internal.EndpointPool(b.endpoints);
        this.prefix = b.pathPrefix;
        this.requestTimeout = b.requestTimeout;
        this.maxResponseBytes = b.maxResponseBytes;
        this.expectedClusterId = b.expectedClusterId;
        this.user = b.user;
        String authorization = b.user == null ? null : RequestEncoder.basicAuthorization(b.user, b.password);
        this.encoder = new RequestEncoder(prefix, authorization);
        if (b.httpClient != null) {
            this.client = b.httpClient;
            this.ownsClient = false;
        } else if (b.transport() == Transport.SOCKETS) {
            this.client = new dev.etcdj.http.internal.SocketHttpClient(b.connectTimeout, b.sslContext);
            this.ownsClient = true;
        } else {
            HttpClient.Builder hb = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(b.connectTimeout);
            if (b.executor != null) {
                hb.executor(b.executor);
            }
            if (b.sslContext != null) {
                hb.sslContext(b.sslContext);
            }
            this.client = hb.build();
            this.ownsClient = true;
        }
        this.admin = new AdminSender(client, pool, this::endpointFailed, prefix, authorization, requestTimeout,
                maxResponseBytes, this::checkCluster);
        this.discovery = b.discoveryInterval == null ? null : new MemberDiscovery(this, b.discoveryInterval);
    }

    /** {@return a builder; at least one endpoint is required} */
    public static Builder newBuilder() {
        return new Builder();
    }

    @Override
    public CompletableFuture<EtcdResult> execute(EtcdRequest request) {
        Objects.requireNonNull(request, "request == null");
        if (closed) {
            return CompletableFuture.failedFuture(closedException(request));
        }
        Duration deadline = request.timeout() != null ? request.timeout()
                : request.operation() == EtcdRequest.Operation.WAIT ? null : requestTimeout;
        Exchange call = new Exchange(this, request, deadline);
        call.send();
        return call.result;
    }

    /** Sends a cluster, stats or auth call; see {@link EtcdAdapter#admin}. */
    @Override
    public <T> CompletableFuture<T> admin(dev.etcdj.api.spi.AdminCall<T> call) {
        Objects.requireNonNull(call, "call == null");
        if (closed) {
            return CompletableFuture.failedFuture(new EtcdClosedException(call + ": the client is closed (" + this + ")"));
        }
        return admin.send(call);
    }

    /**
     * Sends {@code request} on the calling thread with {@link HttpClient#send}: no thread hand-off, which
     * {@code sendAsync} always adds. Waits have no deadline by default and keep the asynchronous path.
     */
    @Override
    public EtcdResult executeBlocking(EtcdRequest request) {
        Objects.requireNonNull(request, "request == null");
        if (request.operation() == EtcdRequest.Operation.WAIT) {
            return EtcdAdapter.super.executeBlocking(request);
        }
        if (closed) {
            throw closedException(request);
        }
        Duration deadline = request.timeout() != null ? request.timeout() : requestTimeout;
        return new Exchange(this, request, deadline).sendBlocking();
    }

    EtcdClosedException closedException(EtcdRequest r) {
        return new EtcdClosedException(r.operation() + " " + r.key() + ": the client is closed ("
                + this + ")" + (r.isWrite() ? "; a write in flight may have been applied" : ""));
    }

    /** With a pinned cluster id, an answer from another cluster fails before its body is looked at. */
    void checkCluster(String what, HttpResponse<?> response) {
        if (expectedClusterId == null) {
            return;
        }
        String actual = response.headers().firstValue("X-Etcd-Cluster-Id").orElse(null);
        if (actual != null && !actual.equalsIgnoreCase(expectedClusterId)) {
            throw new dev.etcdj.api.EtcdClusterMismatchException(what, expectedClusterId, actual);
        }
    }

    /**
     * {@return the endpoints, in their configured order: the ones given to the builder, or, with
     * {@link Builder#discoverMembers}, the members' client URLs etcd last reported}
     */
    public List<String> endpoints() {
        return pool.urls();
    }

    /**
     * {@return how many times an endpoint failed (could not be reached, or answered that it cannot serve)
     * and was set aside since this adapter was built: each is a failover when another endpoint was left
     * to try} A figure to watch.
     */
    public long endpointFailures() {
        return pool.failures();
    }

    /** Sets {@code endpoint} aside after a failure, and asks the members again if they are being discovered. */
    void endpointFailed(String endpoint) {
        pool.failed(endpoint);
        if (discovery != null) {
            discovery.soon();
        }
    }

    /**
     * Asks etcd for its members now and uses their client URLs from then on, when the builder was told to
     * {@link Builder#discoverMembers discover members}; completes with the endpoints in use afterwards.
     *
     * @return a future of the endpoints in use after the refresh
     */
    public CompletableFuture<List<String>> refreshMembers() {
        if (discovery == null) {
            return CompletableFuture.completedFuture(pool.urls());
        }
        return discovery.refresh();
    }

    /**
     * Fails every call in flight (waits and watches included) with {@link EtcdClosedException}, refuses new
     * ones, and closes the {@link HttpClient} if this adapter built it (on JDK 21 and later, where it can be
     * closed). Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        for (Exchange c : inFlight) {
            c.close(closedException(c.request));
        }
        admin.close(toString());
        if (discovery != null) {
            discovery.close();
        }
        if (ownsClient && client instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "closing the HttpClient failed: " + e);
            }
        }
    }

    @Override
    public String toString() {
        return "HttpAdapter[endpoints=" + pool + ", prefix=" + prefix + (user == null ? "" : ", user=" + user)
                + ", requestTimeout=" + requestTimeout + "]";
    }

    /**
     * Configures an {@link HttpAdapter}. Defaults: path prefix {@code /v2}, request timeout 10 s, connect
     * timeout 3 s, response limit 64 MiB, the blocking-socket {@link Transport}, the JDK's default TLS
     * context with hostname verification. Not thread-safe.
     */
    public static final class Builder {
        private Duration discoveryInterval;
        final List<String> endpoints = new ArrayList<>();
        private String pathPrefix = "/v2";
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(3);
        /** The largest {@link #maxResponseBytes} there can be: one body is one Java array. */
        public static final long MAX_RESPONSE_BYTES = Integer.MAX_VALUE - 8;

        private long maxResponseBytes = 64L << 20;
        private Executor executor;
        /** Null until chosen: then {@code SOCKETS}, or {@code HTTP_CLIENT} when an executor or client is given. */
        private Transport transport;
        SSLContext sslContext;
        HttpClient httpClient;
        String user;
        private char[] password;
        private String expectedClusterId;
        private java.util.Map<String, String> environment;
        String srvDomain;
        private java.net.InetSocketAddress dnsServer;

        private Builder() {
        }

        /**
         * Reads the settings etcd's own tools read, for what this builder is not told explicitly (explicit
         * settings win, whatever the order of the calls):
         * <ul>
         *   <li>{@code ETCD_ENDPOINTS} or {@code ETCDCTL_ENDPOINTS}: comma-separated URLs (default
         *       {@code http://127.0.0.1:2379}, as etcdctl's);</li>
         *   <li>{@code ETCDCTL_CACERT}, {@code ETCDCTL_CERT}, {@code ETCDCTL_KEY} (or etcdctl v2's
         *       {@code ETCDCTL_CA_FILE}, {@code ETCDCTL_CERT_FILE}, {@code ETCDCTL_KEY_FILE}): PEM files, see
         *       {@link Tls};</li>
         *   <li>{@code ETCDCTL_DISCOVERY_SRV}: a domain whose SRV records name the members (see
         *       {@link #discoverySrv}), used when no endpoint is given or set;</li>
         *   <li>{@code ETCDCTL_USER} ({@code name} or {@code name:password}) and {@code ETCDCTL_PASSWORD}.</li>
         * </ul>
         *
         * @return this builder
         */
        public Builder environment() {
            return environment(System.getenv());
        }

        /**
         * Like {@link #environment()}, reading the variables from {@code env} instead of the process's environment.
         *
         * @param env the variables, by name
         * @return this builder
         */
        public Builder environment(java.util.Map<String, String> env) {
            this.environment = java.util.Map.copyOf(env);
            return this;
        }

        /**
         * Finds the endpoints in DNS, as etcdctl's {@code --discovery-srv}: the SRV records
         * {@code _etcd-client-ssl._tcp.<domain>} (https), else {@code _etcd-client._tcp.<domain>} (http),
         * by priority and weight, looked up by {@link #build()} with the JDK's DNS provider. Explicit
         * {@link #endpoints} win. A domain without either record fails the build with
         * {@link dev.etcdj.api.EtcdConnectionException} (never a fallback to localhost).
         *
         * @param domain the DNS domain, such as {@code example.com}
         * @return this builder
         */
        public Builder discoverySrv(String domain) {
            Objects.requireNonNull(domain, "domain == null");
            if (!domain.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?")) {
                throw new IllegalArgumentException("not a DNS domain: \"" + domain + "\"");
            }
            this.srvDomain = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
            return this;
        }

        /**
         * Asks {@code server} for {@link #discoverySrv} instead of the system's resolvers.
         *
         * @param server a DNS server, such as {@code new InetSocketAddress("10.0.0.53", 53)}
         * @return this builder
         */
        public Builder dnsServer(java.net.InetSocketAddress server) {
            this.dnsServer = Objects.requireNonNull(server, "server == null");
            return this;
        }

        /**
         * Pins the client to one cluster (python-etcd's {@code expected_cluster_id}): an answer whose
         * {@code X-Etcd-Cluster-Id} is another fails with {@link dev.etcdj.api.EtcdClusterMismatchException}
         * before its body is used, a watch's included.
         *
         * @param clusterId hex, as {@code etcdctl member list} or {@code Result.clusterId()} shows it
         * @return this builder
         */
        public Builder expectedClusterId(String clusterId) {
            Objects.requireNonNull(clusterId, "clusterId == null");
            if (!clusterId.matches("[0-9a-fA-F]{1,16}")) {
                throw new IllegalArgumentException("a cluster id is 1 to 16 hex digits: \"" + clusterId + "\"");
            }
            this.expectedClusterId = clusterId.toLowerCase(java.util.Locale.ROOT);
            return this;
        }

        /**
         * Adds endpoints such as {@code http://127.0.0.1:2379} or {@code https://etcd.example:2379}; tried in
         * order.
         *
         * @param urls client URLs
         * @return this builder
         * @throws IllegalArgumentException if one is not an absolute http(s) URL without query or fragment
         */
        public Builder endpoints(String... urls) {
            for (String url : Objects.requireNonNull(urls, "urls == null")) {
                endpoints.add(dev.etcdj.http.internal.EndpointPool.checkUrl(url));
            }
            return this;
        }

        /**
         * Sets the path before {@code /keys}, {@code /v2} by default (python-etcd's {@code version_prefix});
         * for example {@code /etcd/v2} behind a proxy.
         *
         * @param prefix the path, starting with {@code /}, such as {@code /etcd/v2}
         * @return this builder
         */
        public Builder pathPrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix == null");
            String p = prefix.startsWith("/") ? prefix : "/" + prefix;
            while (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            if (p.contains("?") || p.contains("#") || p.contains("//")) {
                throw new IllegalArgumentException("invalid path prefix: \"" + prefix + "\"");
            }
            this.pathPrefix = p;
            return this;
        }

        /**
         * Sets the default deadline of calls other than waits; a call's {@code timeout()} overrides it.
         *
         * @param timeout the deadline, positive
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Durations.requirePositive(timeout, "requestTimeout");
            return this;
        }

        /**
         * Sets the TCP/TLS connect timeout.
         *
         * @param timeout the timeout, positive
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Durations.requirePositive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Sets the largest response body accepted (64 MiB by default); larger ones fail with
         * {@link EtcdProtocolException}. Memory grows with the body received, not with this limit.
         *
         * @param bytes the limit in bytes, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is below 1 or above {@link #MAX_RESPONSE_BYTES}
         */
        public Builder maxResponseBytes(long bytes) {
            if (bytes < 1 || bytes > MAX_RESPONSE_BYTES) {
                throw new IllegalArgumentException("maxResponseBytes must be from 1 to " + MAX_RESPONSE_BYTES
                        + " (a Java array's limit): " + bytes);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /**
         * Sets the executor the {@link HttpClient} runs its callbacks (and so result continuations) on; this
         * chooses the {@link Transport#HTTP_CLIENT} transport.
         *
         * @param executor the executor; the caller owns it and shuts it down
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor == null");
            return this;
        }

        /**
         * Trusts the CA certificates of the PEM file {@code caBundle} for {@code https} endpoints (etcdctl's
         * {@code --cacert}); see {@link Tls}.
         *
         * @param caBundle a PEM file of CA certificates
         * @return this builder
         */
        public Builder tls(java.nio.file.Path caBundle) {
            return sslContext(Tls.trusting(caBundle));
        }

        /**
         * Trusts {@code caBundle} and authenticates with a client certificate, from PEM files (etcdctl's
         * {@code --cacert}, {@code --cert}, {@code --key}); see {@link Tls} for the key formats.
         *
         * @param keyPassword the password of an encrypted key, or null; not kept
         * @param caBundle a PEM file of CA certificates
         * @param certificateChain a PEM file of the client's certificate chain, leaf first
         * @param privateKey a PEM file of the client's private key (PKCS#8, encrypted PKCS#8, PKCS#1 or SEC1)
         * @return this builder
         */
        public Builder tls(java.nio.file.Path caBundle, java.nio.file.Path certificateChain, java.nio.file.Path privateKey,
                           char[] keyPassword) {
            return sslContext(Tls.fromPem(caBundle, certificateChain, privateKey, keyPassword));
        }

        /**
         * Learns the members' client URLs from the endpoints given ({@code /v2/members}, as python-etcd's
         * {@code allow_reconnect}) and talks to those from then on, asking again every 5 minutes and soon
         * after an endpoint fails, so members added later are used and removed ones dropped. Without it (the
         * default) the adapter keeps exactly the endpoints given, as etcd behind a proxy or NAT needs.
         *
         * @return this builder
         */
        public Builder discoverMembers() {
            return discoverMembers(Duration.ofMinutes(5));
        }

        /**
         * Like {@link #discoverMembers()}, asking again every {@code interval} (at least 1 s).
         *
         * @param interval how often to ask again, at least 1 s
         * @return this builder
         */
        public Builder discoverMembers(Duration interval) {
            Objects.requireNonNull(interval, "interval == null");
            if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("the members are asked at most once a second: " + interval);
            }
            this.discoveryInterval = interval;
            return this;
        }

        /**
         * Sets the TLS context for {@code https} endpoints; hostname verification stays on.
         *
         * @param context the TLS context
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "sslContext == null");
            return this;
        }

        /**
         * Uses this client instead of building one (the {@link Transport#HTTP_CLIENT} transport); it should
         * use HTTP/1.1 and never follow redirects. The connect timeout, executor and TLS settings of this
         * builder are then ignored.
         *
         * @param client the client
         * @return this builder
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "httpClient == null");
            return this;
        }

        /**
         * Chooses how bytes move: {@link Transport#SOCKETS} (the default) or {@link Transport#HTTP_CLIENT}
         * (the default when {@link #httpClient} or {@link #executor} is given, as they belong to it). TLS
         * settings and the connect timeout apply to both; see {@link Transport} for how they differ.
         *
         * @param transport the transport
         * @return this builder
         */
        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport == null");
            return this;
        }

        /**
         * Sends HTTP Basic credentials with every request. The password is never logged or printed.
         *
         * @param user the user name
         * @param password the password; copied, never logged
         * @return this builder
         */
        public Builder credentials(String user, char[] password) {
            Objects.requireNonNull(user, "user == null");
            Objects.requireNonNull(password, "password == null");
            if (user.indexOf(':') >= 0) {
                throw new IllegalArgumentException("user must not contain ':'");
            }
            this.user = user;
            this.password = password.clone();
            return this;
        }

        /** The transport chosen, or the default for what else was set. */
        Transport transport() {
            return transport != null ? transport
                    : httpClient != null || executor != null ? Transport.HTTP_CLIENT : Transport.SOCKETS;
        }

        /**
         * {@return the adapter}
         *
         * @throws IllegalStateException if no endpoint was given, or {@code transport(SOCKETS)} was combined
         *     with an {@code HttpClient} or an executor
         */
        public HttpAdapter build() {
            if (environment != null) {
                Environment.apply(this, environment);
            }
            if (endpoints.isEmpty() && srvDomain != null) {
                for (String url : dev.etcdj.http.internal.SrvLookup.endpoints(srvDomain, dnsServer)) {
                    endpoints(url);
                }
            }
            if (endpoints.isEmpty()) {
                throw new IllegalStateException("no endpoint: call endpoints(\"http://127.0.0.1:2379\")");
            }
            if (transport() == Transport.SOCKETS && (httpClient != null || executor != null)) {
                throw new IllegalStateException("transport(SOCKETS) makes its own connections and threads: it "
                        + "cannot be combined with " + (httpClient != null ? "httpClient(...)" : "executor(...)"));
            }
            return new HttpAdapter(this);
        }

        @Override
        public String toString() {
            return "HttpAdapter.Builder[endpoints=" + endpoints + (user == null ? "" : ", user=" + user) + "]";
        }
    }
}
