package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.EtcdResult;
import dev.etcdj.api.spi.EtcdAdapter;
import dev.etcdj.api.spi.EtcdRequest;
import dev.etcdj.testkit.EtcdContract;
import dev.etcdj.testkit.FakeEtcd;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The contract is not vacuous: stores that break a law fail it. */
class ContractCatchesBrokenStoresTest {
    final FakeEtcd fake = FakeEtcd.create();

    /** A contract whose adapter rewrites every request on its way to a correct fake. */
    EtcdContract broken(UnaryOperator<EtcdRequest> damage) {
        return () -> new EtcdAdapter() {
            final EtcdAdapter inner = fake.adapter();

            @Override
            public CompletableFuture<EtcdResult> execute(EtcdRequest request) {
                return inner.execute(damage.apply(request));
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    @Test
    void aStoreThatIgnoresPrevValueFailsTheCompareAndSwapLaw() {
        EtcdContract c = broken(r -> r.prevValue() == null ? r : r.toBuilder().prevValue(null).build());
        Throwable e = assertThrows(Throwable.class, () -> c.compareAndSwapSucceedsExactlyWhenItsConditionHolds(2, 0));
        // The facade notices first: the store answered a plain set where a compare-and-swap was asked for.
        assertEquals(dev.etcdj.api.EtcdProtocolException.class, e.getClass());
        assertTrue(e.getMessage().startsWith("expected a ComparedThenSwapped result for SET "), e.getMessage());
    }

    @Test
    void aStoreThatLosesRecursionFailsTheWatchLaw() {
        EtcdContract c = broken(r -> r.operation() == EtcdRequest.Operation.WAIT ? r.toBuilder().recursive(false).build() : r);
        assertThrows(AssertionError.class, () -> c.aWatchFromAnIndexDeliversEveryMatchingEventInOrder(List.of(1, 2), 0));
    }

    @Test
    void aStoreWhoseKeysNeverExpireFailsTheTtlLaw() {
        EtcdContract c = broken(r -> r.ttl() == null ? r : r.toBuilder().ttl(null).build());
        AssertionError e = assertThrows(AssertionError.class, () -> c.ttlKeysExpire(1));
        assertEquals("a key with a 1 s TTL still exists after it", e.getMessage());
    }
}
