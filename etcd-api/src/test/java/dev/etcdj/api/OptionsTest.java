package dev.etcdj.api;

import static dev.etcdj.api.Option.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.spi.EtcdAdapter;
import dev.etcdj.api.spi.EtcdRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Impossible options fail before any I/O with a message naming the problem. */
class OptionsTest {
    final List<EtcdRequest> sent = new CopyOnWriteArrayList<>();
    final Etcd etcd = Etcd.of(new EtcdAdapter() {
        @Override
        public CompletableFuture<EtcdResult> execute(EtcdRequest request) {
            sent.add(request);
            return new CompletableFuture<>();
        }

        @Override
        public void close() {
        }
    });

    String rejected(Runnable call) {
        String message = assertThrows(IllegalArgumentException.class, call::run).getMessage();
        assertEquals(List.of(), sent, "nothing was sent");
        return message;
    }

    @Test
    void optionFactoriesCheckTheirArguments() {
        assertEquals("ttl < 0: PT-1S", rejected(() -> ttl(Duration.ofSeconds(-1))));
        assertEquals("ttl must be whole seconds (etcd's resolution): PT1.5S", rejected(() -> ttl(Duration.ofMillis(1500))));
        assertEquals("ttl > 9223372036s: PT2562047H47M17S (etcd would overflow it into a permanent key)",
                rejected(() -> ttl(Duration.ofSeconds(9223372037L))));
        assertEquals("prevValue must not be empty: etcd rejects it (error 201); compare an empty value with prevIndex",
                rejected(() -> prevValue("")));
        assertEquals("prevIndex < 1: 0 (etcd reads 0 as no condition)", rejected(() -> prevIndex(0)));
        assertEquals("timeout <= 0: PT0S", rejected(() -> timeout(Duration.ZERO)));
    }

    @Test
    void impossibleCombinationsAreRejectedBeforeIo() {
        assertEquals("set: option Ttl given twice",
                rejected(() -> etcd.set("/a", "v", ttl(Duration.ofSeconds(1)), ttl(Duration.ofSeconds(2)))));
        // a condition on set/create/append/delete, or ttl(...) on a refresh, does not compile (BlockingPathTest)
        assertEquals("compareAndSwap needs prevValue(...) and/or prevIndex(...)",
                rejected(() -> etcd.compareAndSwap("/a", "v")));
        assertEquals("compareAndSwap needs prevValue(...) and/or prevIndex(...)",
                rejected(() -> etcd.compareAndSwap("/a", "v", ttl(Duration.ofSeconds(1)))));
        assertEquals("compareAndDelete needs prevValue(...) and/or prevIndex(...)",
                rejected(() -> etcd.compareAndDelete("/a", timeout(Duration.ofSeconds(1)))));
        assertEquals("compareAndRefresh needs prevValue(...) and/or prevIndex(...)",
                rejected(() -> etcd.compareAndRefresh("/a", Duration.ofSeconds(1))));
        assertEquals("compareAndDelete: option PrevValue given twice",
                rejected(() -> etcd.compareAndDelete("/a", prevValue("x"), prevValue("y"))));
        assertEquals("set: the root \"/\" is read-only", rejected(() -> etcd.set("/", "v")));
        assertEquals("buffer < 1: 0", rejected(() -> etcd.watch("/a", 0)));
        assertEquals("maxAttempts < 1: 0", rejected(() -> etcd.atomicUpdate("/a", 0, v -> v)));
    }

    @Test
    void optionsBecomeTheRequestFields() {
        etcd.async().compareAndSwap("/a", "v", ttl(Duration.ofSeconds(5)), prevIndex(7), noValueOnSuccess(), timeout(Duration.ofSeconds(1)));
        EtcdRequest r = sent.get(0);
        assertEquals(EtcdRequest.Operation.SET, r.operation());
        assertEquals("v", r.value());
        assertEquals(Duration.ofSeconds(5), r.ttl());
        assertEquals(7, r.prevIndex());
        assertTrue(r.noValueOnSuccess());
        assertEquals(Duration.ofSeconds(1), r.timeout());
        etcd.async().refresh("/a", Duration.ofSeconds(3));
        EtcdRequest refresh = sent.get(1);
        assertTrue(refresh.refresh());
        assertEquals(EtcdRequest.PrevExist.MUST_EXIST, refresh.prevExist());
        assertNull(refresh.value());
        etcd.async().mkdir("/d");
        assertEquals(EtcdRequest.PrevExist.MUST_NOT_EXIST, sent.get(2).prevExist());
        assertTrue(sent.get(2).dir());
    }

    @Test
    void blockingCallsAreInterruptible() {
        Thread.currentThread().interrupt();
        EtcdInterruptedException e = assertThrows(EtcdInterruptedException.class, () -> etcd.get("/never"));
        assertTrue(Thread.interrupted(), "the interrupt status is kept");
        assertEquals("interrupted while waiting for etcd; the request was cancelled (a write may still have been applied)", e.getMessage());
    }
}
