package dev.etcdj.api;

import static dev.etcdj.api.Option.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.spi.EtcdAdapter;
import dev.etcdj.api.spi.EtcdRequest;
import dev.etcdj.api.spi.EtcdRequest.Operation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The blocking face sends every key operation through the adapter's blocking path on the caller's thread,
 * compositions included, and rethrows the adapter's failure as it is; each kind of write has one spelling
 * and a precise result type.
 */
class BlockingPathTest {
    /** A file {@code /k} with an index; SET answers by the request's form; the first {@code losses} swaps lose. */
    static class OneKey implements EtcdAdapter {
        final List<String> sentBy = new ArrayList<>();
        String value = "1";
        long index = 5;
        int losses;

        @Override
        public CompletableFuture<EtcdResult> execute(EtcdRequest request) {
            throw new AssertionError("the blocking face used the asynchronous path for " + request.operation());
        }

        @Override
        public EtcdResult executeBlocking(EtcdRequest r) {
            sentBy.add(Thread.currentThread().getName());
            if (!r.key().path().equals("/k")) {
                throw EtcdServerException.of(100, "Key not found", r.key().path(), index);
            }
            if (r.operation() == Operation.GET) {
                return result(Action.GET);
            }
            if (r.prevIndex() != 0 && (r.prevIndex() != index || losses-- > 0)) {
                index++;   // another writer got there first
                throw EtcdServerException.of(101, "Compare failed", "[" + r.prevIndex() + " != " + index + "]", index);
            }
            value = r.value();
            index++;
            return result(r.prevIndex() != 0 ? Action.COMPARE_AND_SWAP
                    : r.prevExist() == EtcdRequest.PrevExist.MUST_EXIST ? Action.UPDATE : Action.SET);
        }

        EtcdResult result(Action action) {
            return EtcdResult.of(action, new Value("/k", value, 1, index, Optional.empty(), Optional.empty()), null,
                    index, 0, 0, "");
        }

        @Override
        public void close() {
        }
    }

    final OneKey adapter = new OneKey();
    final Etcd etcd = Etcd.of(adapter);

    @Test
    void everyCallAndCompositionRunsOnTheCallersThread() {
        assertEquals("1", etcd.get("/k").value());
        assertTrue(etcd.exists("/k"));
        assertFalse(etcd.exists("/missing"));
        Stored stored = etcd.set("/k", "2");
        assertEquals("2", stored.node().asValue().value());
        Updated updated = etcd.update("/k", "3");
        assertEquals("3", updated.node().asValue().value());
        assertInstanceOf(ComparedThenSwapped.class, etcd.removeTtl("/k"));
        adapter.losses = 2;
        ComparedThenSwapped swapped = etcd.atomicUpdate("/k", 3, v -> v + "+");
        assertEquals("3+", swapped.node().asValue().value());
        assertEquals(List.of(Thread.currentThread().getName()), adapter.sentBy.stream().distinct().toList());
        assertEquals(13, adapter.sentBy.size(), "get, 2 exists, set, update, removeTtl's 2, atomicUpdate's 3 rounds of 2");
    }

    @Test
    void theAdaptersFailureIsRethrownAsItIs() {
        EtcdServerException refused = EtcdServerException.of(110, "The request requires user authentication", "", 0);
        Etcd failing = Etcd.of(new OneKey() {
            @Override
            public EtcdResult executeBlocking(EtcdRequest r) {
                throw refused;
            }
        });
        assertSame(refused, assertThrows(UnauthorizedException.class, () -> failing.get("/k")));
        assertSame(refused, assertThrows(UnauthorizedException.class, () -> failing.exists("/k")));
        assertSame(refused, assertThrows(UnauthorizedException.class, () -> failing.atomicUpdate("/k", v -> v)));
    }

    @Test
    void atomicUpdateGivesUpAfterItsAttemptsWithTheLastLossAsCause() {
        adapter.losses = 5;
        ConcurrentUpdateException e = assertThrows(ConcurrentUpdateException.class,
                () -> etcd.atomicUpdate("/k", 2, v -> v + "+"));
        assertEquals("atomicUpdate of /k lost to concurrent writers 2 times", e.getMessage());
        assertInstanceOf(CompareFailedException.class, e.getCause());
        assertEquals("1", adapter.value, "nothing was written");
    }

    @Test
    void conditionsFitOnlyTheCompareAndCalls() throws Exception {
        for (Class<?> condition : List.of(Option.PrevValue.class, Option.PrevIndex.class)) {
            assertFalse(Option.ForWrite.class.isAssignableFrom(condition), condition + " fits set/update/create");
            assertFalse(Option.ForDelete.class.isAssignableFrom(condition), condition + " fits delete");
            assertTrue(Option.ForCompareAndSwap.class.isAssignableFrom(condition));
            assertTrue(Option.ForCompare.class.isAssignableFrom(condition));
        }
        for (Method m : Etcd.class.getMethods()) {
            if (m.getDeclaringClass() == Etcd.class && EtcdResult.class.isAssignableFrom(m.getReturnType())) {
                boolean broad = m.getReturnType() == EtcdResult.class;
                assertEquals(List.of("waitFor", "removeTtl", "execute").contains(m.getName()), broad,
                        m + " returns " + m.getReturnType().getSimpleName());
            }
        }
    }

    @Test
    void flagOptionsAreSharedInstances() {
        assertSame(recursive(), recursive());
        assertSame(sorted(), sorted());
        assertSame(dir(), dir());
        assertEquals(new Option.Recursive(), recursive(), "and still equal to a new one");
        assertNotSame(ttl(Duration.ofSeconds(1)), ttl(Duration.ofSeconds(1)));
    }
}
