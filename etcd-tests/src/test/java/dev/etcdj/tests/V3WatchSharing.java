package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.v3.EtcdV3;
import dev.etcdj.v3.Watch;
import dev.etcdj.v3.WatchEvent;
import dev.etcdj.v3.http.GatewayAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Many watches of one client share one WebSocket, each getting its own changes, across a cut too. */
final class V3WatchSharing {
    private V3WatchSharing() {
    }

    static void run(String url) throws Exception {
        String root = RealEtcd.unique("v3-shared");
        try (CuttingProxy proxy = new CuttingProxy(url);
             EtcdV3 writer = EtcdV3.of(GatewayAdapter.newBuilder().endpoints(url).build());
             EtcdV3 watcher = EtcdV3.of(GatewayAdapter.newBuilder().endpoints(proxy.url()).build())) {
            List<Watch> watches = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                watches.add(watcher.watch(root + "/" + i));
            }
            assertEquals(1, proxy.accepted(), "twenty watches, one connection");
            for (int i = 0; i < 20; i++) {
                writer.put(root + "/" + i, "a" + i);
            }
            for (int i = 0; i < 20; i++) {
                assertEquals("a" + i, value(watches.get(i)), "each watch gets its own key's change");
            }
            proxy.cutAll();
            for (int i = 0; i < 20; i++) {
                writer.put(root + "/" + i, "b" + i);
            }
            for (int i = 0; i < 20; i++) {
                assertEquals("b" + i, value(watches.get(i)), "after the cut, from where it was");
                assertTrue(watches.get(i).poll(Duration.ZERO).isEmpty(), "nothing repeated");
            }
            assertEquals(2, proxy.accepted(), "the resumed watches share one new connection: " + proxy.accepted());
            for (int i = 1; i < 20; i++) {
                watches.get(i).close();
            }
            writer.put(root + "/0", "c");
            assertEquals("c", value(watches.get(0)), "the last watch goes on after the others are cancelled");
            watches.get(0).close();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (proxy.openConnections() > 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals(0, proxy.openConnections(), "the connection closes with its last watch");
        }
    }

    private static String value(Watch w) {
        WatchEvent e = w.poll(Duration.ofSeconds(10)).orElseThrow(() -> new AssertionError("no event: " + w));
        return ((WatchEvent.Put) e).kv().value().asString();
    }
}
