package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.recipes.EtcdKeepAlive;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link EtcdKeepAlive} (seed row I9, etc's keep_node) on one backend. */
abstract class KeepAliveSuite extends BackendSuite {
    final String key = RealEtcd.unique("alive") + "/node";

    KeepAliveSuite(Backend backend) {
        super(backend);
    }

    static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    @Test
    void keepsTheNodePastItsTtlRecreatesItAndDeletesItOnClose() throws Exception {
        List<EtcdKeepAlive.Loss> losses = new CopyOnWriteArrayList<>();
        try (EtcdKeepAlive alive = EtcdKeepAlive.newBuilder(etcd, key, "me").ttl(Duration.ofSeconds(2)).onLoss(losses::add).start()) {
            sleep(3_500);   // past the TTL: only the refreshes keep it
            assertEquals("me", etcd.get(key).node().asValue().value());
            assertTrue(losses.isEmpty(), losses.toString());
            etcd.delete(key);
            awaitTrue(() -> etcd.exists(key), "created again");
            awaitTrue(() -> !losses.isEmpty(), "the loss reported");
            assertEquals(EtcdKeepAlive.LossKind.RECREATED, losses.get(0).kind());
            assertTrue(alive.isRunning());
        }
        assertThrows(KeyNotFoundException.class, () -> etcd.get(key), "deleted on close");
    }

    @Test
    void aNodeTakenByAnotherWriterIsReportedAndLeftAlone() throws Exception {
        List<EtcdKeepAlive.Loss> losses = new CopyOnWriteArrayList<>();
        try (EtcdKeepAlive alive = EtcdKeepAlive.newBuilder(etcd, key, "me").ttl(Duration.ofSeconds(3)).onLoss(losses::add).start()) {
            etcd.set(key, "someone else");
            awaitTrue(() -> !alive.isRunning(), "stopped");
            assertEquals(EtcdKeepAlive.LossKind.TAKEN, losses.get(0).kind());
        }
        assertEquals("someone else", etcd.get(key).node().asValue().value(), "not deleted: not ours");
    }
}
