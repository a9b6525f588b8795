package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.etcdj.api.Etcd;
import dev.etcdj.testkit.EtcdProcess;
import dev.etcdj.testkit.FakeEtcd;
import dev.etcdj.testkit.FakeEtcdServer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs the same steps against a fresh real etcd and against the fake started with the same identity (name,
 * peer URL, cluster token: so the same member and cluster ids), and requires identical (masked) output.
 */
final class DifferentialRun {
    private DifferentialRun() {
    }

    /** One step against one server: its output, masked. */
    interface Step<T> {
        String run(String baseUrl, T step) throws Exception;
    }

    static <T> void compare(String what, List<T> steps, Function<T, String> describe, Step<T> run) throws Exception {
        RealEtcd.requireBinary();
        try (EtcdProcess real = EtcdProcess.start(); Etcd client = real.client()) {
            dev.etcdj.api.admin.Member self = client.cluster().members().get(0);
            try (FakeEtcd fake = FakeEtcd.newBuilder().member(self.name(), self.peerUrls().get(0), "etcd-cluster").build();
                 FakeEtcdServer server = FakeEtcdServer.start(fake)) {
                List<String> differences = new ArrayList<>();
                int same = 0;
                for (T step : steps) {
                    String expected = run.run(real.clientUrl(), step);
                    String actual = run.run(server.url(), step);
                    if (expected.equals(actual)) {
                        same++;
                    } else {
                        differences.add(describe.apply(step) + "\n  etcd: " + expected.replace("\n", "\n        ")
                                + "\n  fake: " + actual.replace("\n", "\n        "));
                    }
                }
                System.out.printf("%s differential: %d of %d identical%n", what, same, steps.size());
                assertEquals(List.of(), differences);
            }
        }
    }
}
