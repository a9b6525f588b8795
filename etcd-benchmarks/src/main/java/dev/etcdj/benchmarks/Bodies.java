package dev.etcdj.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The recorded etcd responses of {@code ../shared/bodies} (or {@code -Detcdj.bodies=DIR}). */
final class Bodies {
    private Bodies() {
    }

    static byte[] read(String name) {
        String dir = System.getProperty("etcdj.bodies");
        Path p = dir != null ? Paths.get(dir, name) : Paths.get("..", "shared", "bodies", name);
        if (!Files.exists(p)) {
            p = Paths.get("..", "..", "shared", "bodies", name);
        }
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("body " + name + " not found at " + p.toAbsolutePath()
                    + "; run from the project root with ../shared beside it, or set -Detcdj.bodies=DIR", e);
        }
    }
}
