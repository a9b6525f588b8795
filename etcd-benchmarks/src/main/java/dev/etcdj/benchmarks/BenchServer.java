package dev.etcdj.benchmarks;

import dev.etcdj.testkit.EtcdProcess;

/**
 * A real etcd for one benchmark trial, started by the benchmark itself ({@code etcd} must be on the
 * {@code PATH} or in {@code ETCD_BINARY}); its data directory is under {@code java.io.tmpdir}, which
 * {@link RatioTable} points at {@code /dev/shm} (tmpfs) when there is one.
 */
final class BenchServer implements AutoCloseable {
    final EtcdProcess process;
    final String url;

    BenchServer() {
        process = EtcdProcess.start();
        url = process.clientUrl();
    }

    /** Writes {@code n} keys below {@code dir} over one raw connection. */
    void fill(String dir, int n) {
        try (RawHttp raw = new RawHttp(url)) {
            for (int i = 0; i < n; i++) {
                int status = raw.put("/v2/keys" + dir + "/key-" + i, "value=value-" + i + "-of-the-tree");
                if (status >= 300) {
                    throw new IllegalStateException("PUT " + dir + "/key-" + i + " answered " + status);
                }
            }
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
