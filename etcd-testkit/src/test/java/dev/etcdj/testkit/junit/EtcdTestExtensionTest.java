package dev.etcdj.testkit.junit;

import static dev.etcdj.api.Option.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.testkit.FakeEtcd;
import dev.etcdj.testkit.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@link EtcdTest}: injection, a fresh fake per test, or one per class. */
@EtcdTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EtcdTestExtensionTest {
    @Test
    @Order(1)
    void injectsAClientTheFakeAndItsClock(Etcd etcd, FakeEtcd fake, ManualClock clock) {
        etcd.set("/lease", "me", ttl(Duration.ofSeconds(5)));
        assertEquals(1, fake.requests().size(), "the client is the fake's");
        clock.advance(Duration.ofSeconds(5));
        assertFalse(etcd.exists("/lease"), "the fake runs on the injected clock");
        etcd.set("/left", "behind");
    }

    @Test
    @Order(2)
    void eachTestHasAFreshFake(Etcd etcd, FakeEtcd fake) {
        assertFalse(etcd.exists("/left"), "nothing of the previous test");
        assertEquals(3, fake.index(), "a fresh store");
    }

    @Test
    @Order(3)
    void twoParametersOfOneTestShareTheFake(Etcd a, Etcd b) {
        a.set("/k", "v");
        assertEquals("v", b.get("/k").node().asValue().value());
    }

    @Nested
    @EtcdTest(perClass = true)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class PerClass {
        @Test
        @Order(1)
        void writes(Etcd etcd) {
            etcd.set("/shared", "1");
        }

        @Test
        @Order(2)
        void theNextTestSeesIt(Etcd etcd) {
            assertEquals("1", etcd.get("/shared").node().asValue().value());
        }
    }
}
