package dev.etcdj.examples;

import static dev.etcdj.api.Option.*;

import dev.etcdj.api.*;
import dev.etcdj.api.recipes.EtcdElection;
import dev.etcdj.api.recipes.EtcdLock;
import dev.etcdj.http.EtcdHttp;
import dev.etcdj.mapper.EtcdMapper;
import dev.etcdj.mapper.RecordWatch;
import dev.etcdj.mapper.Repository;
import dev.etcdj.testkit.FakeEtcdServer;
import java.lang.invoke.MethodHandles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A one-minute tour of etcdj: keys, compare-and-swap, TTLs and refresh, in-order keys, a continuous watch,
 * typed errors, records in and out of etcd with the mapper, a lock and a leader election. Talks to
 * {@code $ETCD_ENDPOINTS} (comma-separated) when set; otherwise it starts the testkit's
 * {@link FakeEtcdServer} in-process and talks to it over HTTP, exactly as it would to etcd.
 */
public final class Tour {
    private Tour() {
    }

    /**
     * Runs the tour.
     *
     * @param args ignored
     * @throws Exception if a step fails: the tour stops at the first surprise
     */
    public static void main(String[] args) throws Exception {
        String endpoints = System.getenv("ETCD_ENDPOINTS");
        if (endpoints != null && !endpoints.isBlank()) {
            say("Using etcd at " + endpoints);
            try (Etcd etcd = EtcdHttp.connect(endpoints.split(","))) {
                run(etcd);
            }
            TourV3.main(endpoints);
            return;
        }
        try (FakeEtcdServer server = FakeEtcdServer.start(); Etcd etcd = server.client()) {
            say("ETCD_ENDPOINTS is not set: using the testkit's fake etcd, served over HTTP at " + server.url());
            run(etcd);
        }
        say("");
        say("The v3 part runs on the testkit's in-memory FakeEtcdV3.");
        TourV3.main(null);
    }

    static void run(Etcd etcd) throws Exception {
        String root = "/etcdj-tour/" + Long.toString(System.currentTimeMillis(), 36);

        section("1. Keys: set, get, list");
        EtcdResult set = etcd.set(root + "/config/db/url", "postgres://db:5432/app");
        etcd.set(root + "/config/db/pool", "16");
        etcd.set(root + "/config/feature", "on");
        show("set " + set.node().key(), "-> " + set.action().wireName() + " at index " + set.etcdIndex());
        show("get " + root + "/config/db/pool", "-> " + etcd.get(root + "/config/db/pool").value());
        Directory config = etcd.get(root + "/config", recursive(), sorted()).node().asDirectory();
        for (Value leaf : config.leaves()) {
            show("  " + leaf.key().substring(root.length()), "= " + leaf.value());
        }

        section("2. Compare-and-swap: only one writer wins");
        Value pool = etcd.get(root + "/config/db/pool").node().asValue();
        etcd.updateIfUnchanged(pool, "32");
        show("updateIfUnchanged(read, \"32\")", "-> ok, pool is now " + etcd.get(root + "/config/db/pool").value());
        try {
            etcd.updateIfUnchanged(pool, "64");
        } catch (CompareFailedException e) {
            show("updateIfUnchanged(stale read, \"64\")", "-> " + e.getClass().getSimpleName() + ": " + e.errorCause());
        }
        ComparedThenSwapped counter = null;
        etcd.set(root + "/counter", "0");
        for (int i = 0; i < 3; i++) {
            counter = etcd.atomicUpdate(root + "/counter", v -> Integer.toString(Integer.parseInt(v) + 1));
        }
        show("atomicUpdate x3", "-> counter = " + counter.node().asValue().value());

        section("3. TTLs and refresh");
        EtcdResult lease = etcd.set(root + "/leader", "node-a", ttl(Duration.ofSeconds(2)));
        show("set leader with ttl 2s", "-> expires " + lease.node().expiration().orElseThrow());
        etcd.refresh(root + "/leader", Duration.ofSeconds(30));
        show("refresh to 30s", "-> ttl now " + etcd.get(root + "/leader").node().ttl().orElseThrow().getSeconds()
                + "s, value kept, watchers not woken");
        EtcdResult shortLived = etcd.set(root + "/ephemeral", "bye", ttl(Duration.ofSeconds(1)));
        EtcdResult expired = etcd.waitFor(root + "/ephemeral", afterIndex(shortLived.etcdIndex()),
                timeout(Duration.ofSeconds(10)));
        show("wait for /ephemeral", "-> " + expired.action().wireName() + " (its value was \""
                + expired.prevNode().orElseThrow().asValue().value() + "\")");

        section("4. In-order keys: a queue");
        for (String job : List.of("resize-images", "send-mail", "rebuild-index")) {
            Created c = etcd.append(root + "/jobs", job);
            show("append " + job, "-> " + c.node().name());
        }
        List<Node> jobs = etcd.get(root + "/jobs", sorted()).node().asDirectory().children();
        Value first = jobs.get(0).asValue();
        etcd.compareAndDelete(first.key(), prevIndex(first.modifiedIndex()));
        show("take the oldest", "-> " + first.value() + " (deleted only if nobody took it first)");

        section("5. A continuous watch reacting to writes");
        EtcdResult mark = etcd.get(root);
        List<String> seen = new ArrayList<>();
        try (Watch watch = etcd.watch(root + "/config", recursive(), afterIndex(mark.etcdIndex()))) {
            etcd.set(root + "/config/feature", "off");
            etcd.delete(root + "/config/db", recursive());
            etcd.set(root + "/config/new", "hello");
            while (seen.size() < 3) {
                WatchEvent event = watch.poll(Duration.ofSeconds(10)).orElseThrow();
                EtcdResult change = ((WatchEvent.Change) event).result();
                String line = change.action().wireName() + " " + change.node().key().substring(root.length());
                seen.add(line);
                show("event", "-> " + line);
            }
        }

        section("6. Errors are typed, and bad input fails before any I/O");
        try {
            etcd.get(root + "/nope");
        } catch (KeyNotFoundException e) {
            show("get /nope", "-> KeyNotFoundException: " + e.getMessage());
        }
        try {
            etcd.create(root + "/counter", "again");
        } catch (NodeExistsException e) {
            show("create existing", "-> NodeExistsException: " + e.getMessage());
        }
        try {
            etcd.get("/a//b");
        } catch (IllegalArgumentException e) {
            show("get /a//b", "-> IllegalArgumentException: " + e.getMessage());
        }

        section("7. Records as directories: the mapper, and a typed watch");
        EtcdMapper mapper = EtcdMapper.newBuilder().lookup(MethodHandles.lookup()).build();
        Repository<Service> services = mapper.repository(etcd, root + "/services", Service.class);
        try (RecordWatch<Service> watch = services.watchAll()) {
            Service api = new Service("10.0.0.1", 8080, List.of("blue", "eu"));
            services.put("api", api);
            show("put api", "-> keys " + mapper.toKeys(api).keySet());
            Service moved = services.update("api", s -> new Service(s.host(), 8081, s.tags()));
            show("update api: port", "-> " + moved);
            for (int i = 0; i < 2; i++) {
                show("record event", "-> " + watch.poll(Duration.ofSeconds(10)).orElseThrow());
            }
        }

        section("8. A lock, and its fencing token");
        EtcdLock lock = EtcdLock.newBuilder(etcd, "tour").directory(root + "/locks").ttl(Duration.ofSeconds(10)).build();
        try (EtcdLock.Held held = lock.lock()) {
            show("lock()", "-> held, fencing token " + held.fencingToken());
            show("tryLock() while held", "-> " + (lock.tryLock().isPresent() ? "acquired?!" : "empty, no key left behind"));
        }
        try (EtcdLock.Held again = lock.tryLock().orElseThrow()) {
            show("tryLock() after unlock", "-> held, token " + again.fencingToken() + " (larger: stale holders are refused)");
        }

        section("9. A leader election");
        EtcdElection election = EtcdElection.newBuilder(etcd, "tour").directory(root + "/elections")
                .ttl(Duration.ofSeconds(10)).build();
        try (EtcdElection.Leadership leading = election.campaign("node-1")) {
            show("campaign(node-1)", "-> leader, term " + leading.term());
            show("campaign(node-2, 200 ms)", "-> " + (election.campaign("node-2", Duration.ofMillis(200)).isPresent()
                    ? "leader?!" : "empty: node-1 leads, the candidacy withdrawn"));
            leading.proclaim("node-1 (draining)");
            show("proclaim, then leader()", "-> " + election.leader().map(EtcdElection.Leader::value).orElse("nobody"));
        }
        show("after resign: leader()", "-> " + election.leader().map(EtcdElection.Leader::value).orElse("nobody"));

        etcd.delete(root, recursive());
        section("Done: removed " + root);
    }

    /** A record the mapper writes as a directory: {@code host}, {@code port}, {@code tags/0}, {@code tags/1}. */
    record Service(String host, int port, List<String> tags) {
    }

    static void say(String line) {
        System.out.println(line);
    }

    static void section(String title) {
        System.out.println();
        System.out.println(title);
    }

    static void show(String what, String result) {
        System.out.printf("  %-28s %s%n", what, result);
    }
}
