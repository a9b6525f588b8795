package dev.etcdj.testkit.junit;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The same kind of test on a real etcd when {@code etcdj.backend=real}: started by the extension, emptied per test. */
@EtcdTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EtcdTestOnRealEtcdTest {
    @BeforeAll
    static void onRealEtcd() {
        System.setProperty(EtcdExtension.BACKEND_PROPERTY, "real");
    }

    @AfterAll
    static void back() {
        System.clearProperty(EtcdExtension.BACKEND_PROPERTY);
    }

    @Test
    @Order(1)
    void runsOnARealServer(Etcd etcd) {
        URI peer = etcd.cluster().members().get(0).peerUrls().get(0);
        assertNotEquals(URI.create("http://localhost:2380"), peer, "not the fake's identity: a real etcd");
        assertEquals("127.0.0.1", peer.getHost());
        etcd.set("/left", "behind");
    }

    @Test
    @Order(2)
    void eachTestStartsEmpty(Etcd etcd) {
        assertFalse(etcd.exists("/left"));
    }
}
