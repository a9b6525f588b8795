package dev.etcdj.tests;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.recipes.EtcdLock;
import dev.etcdj.http.EtcdHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate JVM contending for a lock: {@code threads} threads each take the lock {@code rounds} times,
 * and under it read the counter key, print {@code <fencing token> <counter>} and write the counter + 1.
 * Run by {@link LockAcrossJvmsIT}.
 */
public final class LockProbe {
    private LockProbe() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String name = args[1];
        String counter = args[2];
        int threads = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        List<Thread> all = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        StringBuilder out = new StringBuilder();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try (Etcd etcd = EtcdHttp.connect(url)) {
                    EtcdLock lock = EtcdLock.newBuilder(etcd, name).ttl(Duration.ofSeconds(10)).build();
                    for (int i = 0; i < rounds; i++) {
                        try (EtcdLock.Held held = lock.lock()) {
                            long value;
                            try {
                                value = Long.parseLong(etcd.get(counter, dev.etcdj.api.Option.quorum()).node().asValue().value());
                            } catch (KeyNotFoundException e) {
                                value = 0;
                            }
                            synchronized (out) {
                                out.append(held.fencingToken()).append(' ').append(value).append('\n');
                            }
                            etcd.set(counter, Long.toString(value + 1));
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            thread.start();
            all.add(thread);
        }
        for (Thread t : all) {
            t.join();
        }
        System.out.print(out);
        for (Throwable f : failures) {
            System.out.println("FAILED " + f);
        }
        System.exit(failures.isEmpty() ? 0 : 1);
    }
}
