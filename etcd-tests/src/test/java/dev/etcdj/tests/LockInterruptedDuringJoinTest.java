package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdInterruptedException;
import dev.etcdj.api.EtcdResult;
import dev.etcdj.api.recipes.EtcdLock;
import dev.etcdj.api.spi.EtcdAdapter;
import dev.etcdj.api.spi.EtcdRequest;
import dev.etcdj.testkit.FakeEtcd;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A waiter interrupted while its in-order key is being created, after etcd made the key and before the
 * answer arrived, still leaves no key behind: the interrupt waits for the answer, then the key is removed.
 */
class LockInterruptedDuringJoinTest {
    /** The fake, with every answer to an append arriving {@code SLOW_MS} after etcd made the key. */
    static final class SlowAppends implements EtcdAdapter {
        static final long SLOW_MS = 300;
        final EtcdAdapter fake;

        SlowAppends(EtcdAdapter fake) {
            this.fake = fake;
        }

        @Override
        public CompletableFuture<EtcdResult> execute(EtcdRequest request) {
            CompletableFuture<EtcdResult> answer = fake.execute(request);
            if (request.operation() != EtcdRequest.Operation.APPEND) {
                return answer;
            }
            return answer.thenApplyAsync(r -> r, CompletableFuture.delayedExecutor(SLOW_MS, TimeUnit.MILLISECONDS));
        }

        @Override
        public EtcdResult executeBlocking(EtcdRequest request) {
            EtcdResult r = fake.executeBlocking(request);
            if (request.operation() == EtcdRequest.Operation.APPEND) {
                try {
                    Thread.sleep(SLOW_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();   // as a transport does: the answer is lost
                    throw new EtcdInterruptedException("interrupted during append " + request.key(), e);
                }
            }
            return r;
        }

        @Override
        public void close() {
            fake.close();
        }
    }

    @Test
    void aWaiterInterruptedWhileItsKeyIsBeingCreatedLeavesNoKey() throws Exception {
        try (FakeEtcd fake = FakeEtcd.create(); Etcd etcd = Etcd.of(new SlowAppends(fake.adapter()))) {
            EtcdLock lock = EtcdLock.newBuilder(etcd, "slow").build();
            try (EtcdLock.Held held = lock.lock()) {
                CompletableFuture<Throwable> failure = new CompletableFuture<>();
                Thread waiter = new Thread(() -> {
                    try {
                        lock.lock().close();
                        failure.complete(null);
                    } catch (Throwable t) {
                        failure.complete(t);
                    }
                });
                waiter.start();
                BackendSuite.awaitTrue(() -> keys(etcd) == 2, "etcd made the waiter's key");
                waiter.interrupt();   // while the answer is on its way
                assertInstanceOf(EtcdInterruptedException.class, failure.get(10, TimeUnit.SECONDS));
                assertEquals(1, keys(etcd), "only the holder's key is left");
                assertTrue(held.isHeld());
            }
        }
    }

    static int keys(Etcd etcd) {
        return etcd.get(EtcdLock.LOCKS + "/slow").node().asDirectory().children().size();
    }
}
