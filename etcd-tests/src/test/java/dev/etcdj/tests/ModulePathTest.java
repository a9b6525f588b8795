package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Black-box use of the published modules: the tour runs in a fresh JVM with only the etcdj jars on the
 * module path (no test libraries, no jqwik), so the module descriptors are checked as users meet them.
 */
class ModulePathTest {

    static Path jar(String module) {
        Path dir = Paths.get("..", module, "target");
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches(module + "-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no jar in " + dir.toAbsolutePath()
                            + "; run the build through the package phase (mvn verify)"));
        } catch (java.io.IOException e) {
            throw new AssertionError("no " + dir.toAbsolutePath(), e);
        }
    }

    @Test
    void theTourRunsOnTheModulePathWithTheLibraryJarsAlone() throws Exception {
        List<String> jars = new ArrayList<>();
        for (String m : List.of("etcd-api", "etcd-http-jdk", "etcd-v3-api", "etcd-v3-http-jdk", "etcd-testkit", "etcd-mapper", "etcd-examples")) {
            jars.add(jar(m).toString());
        }
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-p", String.join(File.pathSeparator, jars),
                "-m", "dev.etcdj.examples/dev.etcdj.examples.Tour").redirectErrorStream(true);
        pb.environment().remove("ETCD_ENDPOINTS");
        Process p = pb.start();
        boolean ended = p.waitFor(90, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "the tour did not end within 90 s:\n" + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("6. Errors are typed") && out.contains("Done: removed /etcdj-tour/"), out);
    }
}
