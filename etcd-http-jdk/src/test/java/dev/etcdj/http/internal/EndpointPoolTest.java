package dev.etcdj.http.internal;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EndpointPoolTest {
    static final String A = "http://a:2379";
    static final String B = "http://b:2379";
    static final String C = "http://c:2379";
    final AtomicLong now = new AtomicLong();
    final EndpointPool pool = new EndpointPool(List.of(A, B, C), now::get);

    void elapse(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void theEndpointThatAnsweredLastComesFirstThenTheOthersInOrder() {
        assertEquals(List.of(A, B, C), pool.plan());
        pool.succeeded(B);
        assertEquals(List.of(B, C, A), pool.plan());
    }

    @Test
    void aFailedEndpointIsSetAsideWithADoublingBackOffAndTriedLast() {
        pool.failed(A);
        assertEquals(List.of(B, C, A), pool.plan(), "set aside: last");
        elapse(Duration.ofMillis(999));
        assertTrue(pool.isSetAside(A));
        elapse(Duration.ofMillis(1));
        assertFalse(pool.isSetAside(A), "back after 1 s");
        pool.failed(A);
        elapse(Duration.ofMillis(1999));
        assertTrue(pool.isSetAside(A), "2 s after the second failure");
        elapse(Duration.ofMillis(1));
        assertFalse(pool.isSetAside(A));
        for (int i = 0; i < 20; i++) {
            pool.failed(A);
        }
        elapse(EndpointPool.MAX_BACK_OFF.minusMillis(1));
        assertTrue(pool.isSetAside(A));
        elapse(Duration.ofMillis(1));
        assertFalse(pool.isSetAside(A), "never longer than 30 s");
    }

    @Test
    void whenAllAreSetAsideTheSoonestBackComesFirstAndAGoodAnswerClearsTheRecord() {
        pool.failed(A);
        elapse(Duration.ofMillis(10));
        pool.failed(B);
        elapse(Duration.ofMillis(10));
        pool.failed(C);
        assertEquals(List.of(A, B, C), pool.plan(), "every endpoint is still tried, soonest back first");
        pool.succeeded(C);
        assertFalse(pool.isSetAside(C));
        assertEquals(C, pool.plan().get(0));
    }

    @Test
    void replacingTheListKeepsTheRecordsOfTheEndpointsThatStay() {
        pool.failed(B);
        assertTrue(pool.replace(List.of(B, C, "http://d:2379")));
        assertTrue(pool.isSetAside(B));
        assertEquals(List.of(C, "http://d:2379", B), pool.plan(), "A (preferred) left: C first");
        assertFalse(pool.replace(List.of()), "an empty list is ignored");
        assertEquals(3, pool.size());
    }
}
