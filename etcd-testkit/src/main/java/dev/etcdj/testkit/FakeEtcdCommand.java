package dev.etcdj.testkit;

import dev.etcdj.testkit.internal.Snapshot;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The fake as a drop-in for the {@code etcd} binary: {@code java -jar etcd-fake-server.jar} (or
 * {@code bin/etcd-fake}, which can be put on the {@code PATH} as {@code etcd}) takes etcd's command line,
 * with one or two dashes and {@code --flag value} or {@code --flag=value}:
 *
 * <ul>
 *   <li>{@code --name}, {@code --initial-advertise-peer-urls}, {@code --initial-cluster},
 *       {@code --initial-cluster-token}: the member's identity, with member and cluster ids computed as etcd
 *       computes them (so {@code etcdctl member list} shows what a real server started with the same flags
 *       shows);</li>
 *   <li>{@code --listen-client-urls} (every one is served) and {@code --advertise-client-urls};</li>
 *   <li>{@code --data-dir}: the store is loaded from it at start and written to it every second while it
 *       changes and at a normal stop, so it survives a stop and a restart (a {@code kill -9} loses at most
 *       the last second; auth settings are not kept);</li>
 *   <li>{@code --version}; {@code --listen-peer-urls}, {@code --initial-cluster-state} and
 *       {@code --enable-v2} are accepted (the fake always serves v2); any other flag is accepted with one
 *       warning line.</li>
 * </ul>
 * The older {@code --port}/{@code --host} of the fake server still work.
 */
public final class FakeEtcdCommand {
    private static final List<String> IGNORED = List.of("listen-peer-urls", "initial-cluster-state", "enable-v2",
            "logger", "log-level", "log-outputs", "heartbeat-interval", "election-timeout", "snapshot-count",
            "quota-backend-bytes", "auto-compaction-retention", "debug");

    private FakeEtcdCommand() {
    }

    /** The parsed command line. */
    record Flags(String name, String dataDir, List<URI> listen, List<URI> advertise, Map<String, List<URI>> initialCluster,
                 String token, List<String> unknown, boolean version, boolean help) {
    }

    static Flags parse(String[] args) {
        Map<String, String> f = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        boolean version = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) {
                throw new IllegalArgumentException("unexpected argument \"" + a + "\"");
            }
            String name = a.replaceFirst("^--?", "");
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            name = name.toLowerCase(Locale.ROOT);
            if (name.equals("version")) {
                version = true;
                continue;
            }
            if (name.equals("help") || name.equals("h")) {
                help = true;
                continue;
            }
            if (value == null && (name.equals("enable-v2") || name.equals("debug"))
                    && (i + 1 >= args.length || args[i + 1].startsWith("-"))) {
                value = "true";   // a boolean flag without a value
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("flag needs an argument: -" + name);
                }
                value = args[++i];
            }
            f.put(name, value);
        }
        String name = f.getOrDefault("name", "default");
        String host = f.getOrDefault("host", "127.0.0.1");
        List<URI> listen = f.containsKey("listen-client-urls") ? urls(f.get("listen-client-urls"))
                : f.containsKey("port") ? List.of(URI.create("http://" + host + ":" + Integer.parseInt(f.get("port"))))
                : List.of(URI.create("http://127.0.0.1:2379"));
        List<URI> advertise = f.containsKey("advertise-client-urls") ? urls(f.get("advertise-client-urls")) : listen;
        List<URI> peers = urls(f.getOrDefault("initial-advertise-peer-urls", "http://localhost:2380"));
        Map<String, List<URI>> initial = new LinkedHashMap<>();
        if (f.containsKey("initial-cluster")) {
            for (String member : f.get("initial-cluster").split(",")) {
                int eq = member.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--initial-cluster: \"" + member + "\" is not name=url");
                }
                initial.computeIfAbsent(member.substring(0, eq).trim(), k -> new ArrayList<>()).add(URI.create(member.substring(eq + 1).trim()));
            }
        } else {
            initial.put(name, peers);   // etcd's InitialClusterFromName
        }
        for (String k : f.keySet()) {
            if (!List.of("name", "data-dir", "listen-client-urls", "advertise-client-urls", "initial-advertise-peer-urls",
                    "initial-cluster", "initial-cluster-token", "port", "host").contains(k) && !IGNORED.contains(k)) {
                unknown.add("--" + k);
            }
        }
        return new Flags(name, f.get("data-dir"), listen, advertise, initial, f.getOrDefault("initial-cluster-token", "etcd-cluster"),
                unknown, version, help);
    }

    private static List<URI> urls(String list) {
        List<URI> out = new ArrayList<>();
        for (String s : list.split(",")) {
            URI u = URI.create(s.trim());
            if (u.getScheme() == null || !u.getScheme().equals("http") || u.getPort() < 0 && u.getHost() == null) {
                throw new IllegalArgumentException("\"" + s + "\" is not an http URL with a host and port (the fake serves plain HTTP)");
            }
            out.add(u);
        }
        return out;
    }

    /**
     * Runs until the process is stopped; prints one line when ready.
     *
     * @param args etcd's flags, such as {@code --name n1 --listen-client-urls http://127.0.0.1:2379}
     */
    public static void main(String[] args) {
        Flags flags;
        try {
            flags = parse(args);
        } catch (IllegalArgumentException e) {
            Console.err("etcd-fake: " + e.getMessage());
            usage();
            System.exit(2);
            return;
        }
        if (flags.help()) {
            usage();
            return;
        }
        if (flags.version()) {
            Console.out("etcd Version: 3.4.23");
            Console.out("Git SHA: etcdj-fake");
            Console.out("Go Version: java" + System.getProperty("java.version"));
            Console.out("Go OS/Arch: " + System.getProperty("os.name").toLowerCase(Locale.ROOT) + "/" + System.getProperty("os.arch"));
            return;
        }
        if (!flags.unknown().isEmpty()) {
            Console.err("etcd-fake: accepting and ignoring " + String.join(", ", flags.unknown()));
        }
        FakeEtcd fake = FakeEtcd.newBuilder().initialCluster(flags.name(), flags.initialCluster(), flags.advertise(), flags.token())
                .build();
        Path dataDir = flags.dataDir() == null ? null : Path.of(flags.dataDir());
        try {
            if (dataDir != null) {
                Snapshot.load(fake.store(), dataDir);
            }
        } catch (IOException | RuntimeException e) {
            Console.err("etcd-fake: cannot read the store in " + dataDir + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        List<FakeEtcdServer> servers = new ArrayList<>();
        for (URI u : flags.listen()) {
            try {
                servers.add(FakeEtcdServer.start(fake, u.getHost(), u.getPort() < 0 ? 80 : u.getPort()));
            } catch (RuntimeException e) {
                Console.err("etcd-fake: cannot listen on " + u + ": " + e.getMessage());
                System.exit(1);
                return;
            }
        }
        fake.admin().members().serving(flags.advertise());
        ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "etcdj-fake-snapshot");
            t.setDaemon(true);
            return t;
        });
        if (dataDir != null) {
            long[] saved = {fake.index()};
            saver.scheduleWithFixedDelay(() -> {
                if (fake.index() != saved[0]) {
                    saved[0] = fake.index();
                    save(fake, dataDir);
                }
            }, 1, 1, TimeUnit.SECONDS);
        }
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            saver.shutdownNow();
            servers.forEach(FakeEtcdServer::close);
            if (dataDir != null) {
                save(fake, dataDir);
            }
            fake.close();
        }, "etcdj-fake-stop"));
        Console.out("etcd-fake: serving the v2 API on " + flags.listen() + " as member " + fake.admin().members().self().id()
                + " (" + flags.name() + ") of cluster " + fake.clusterId() + (dataDir == null ? "" : ", store in " + dataDir));
        try {
            stopped.await();   // the servers' threads are daemons: this thread keeps the process up until it is stopped
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void save(FakeEtcd fake, Path dataDir) {
        try {
            Snapshot.save(fake.store(), dataDir);
        } catch (IOException e) {
            Console.err("etcd-fake: cannot write the store to " + dataDir + ": " + e.getMessage());
        }
    }

    private static void usage() {
        Console.err("usage: etcd-fake [--name default] [--data-dir DIR] [--listen-client-urls http://127.0.0.1:2379]\n"
                + "                 [--advertise-client-urls URLS] [--initial-advertise-peer-urls URLS]\n"
                + "                 [--initial-cluster name=url,...] [--initial-cluster-token etcd-cluster] [--version]");
    }
}
