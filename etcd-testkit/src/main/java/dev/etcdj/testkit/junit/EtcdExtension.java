package dev.etcdj.testkit.junit;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.Node;
import dev.etcdj.api.Option;
import dev.etcdj.testkit.EtcdProcess;
import dev.etcdj.testkit.FakeEtcd;
import dev.etcdj.testkit.FakeEtcdServer;
import dev.etcdj.testkit.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * The extension behind {@link EtcdTest}; usable on its own with {@code @ExtendWith(EtcdExtension.class)}
 * (then one fake per test, on a manual clock). Thread-safe as JUnit requires: state lives in the
 * extension context's store and is closed with it.
 */
@SuppressWarnings("exports")   // JUnit is the user's own (optional) dependency: not re-exported on purpose
public final class EtcdExtension implements ParameterResolver, BeforeEachCallback, AfterEachCallback,
        org.junit.jupiter.api.extension.TestWatcher {
    /** The system property that chooses the backend: {@code fake} (default), {@code fake-http} or {@code real}. */
    public static final String BACKEND_PROPERTY = "etcdj.backend";
    /** The environment variable read when the property is not set. */
    public static final String BACKEND_ENVIRONMENT = "ETCDJ_BACKEND";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EtcdExtension.class);

    /** Where tests run. */
    enum Backend { FAKE, FAKE_HTTP, REAL }

    static Backend backend() {
        String v = System.getProperty(BACKEND_PROPERTY, System.getenv(BACKEND_ENVIRONMENT));
        if (v == null || v.isBlank()) {
            return Backend.FAKE;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "fake": return Backend.FAKE;
            case "fake-http": return Backend.FAKE_HTTP;
            case "real": return Backend.REAL;
            default:
                throw new IllegalArgumentException(BACKEND_PROPERTY + " must be fake, fake-http or real, not \"" + v + "\"");
        }
    }

    /** One etcd and the clients handed out for it; closed with its extension context. */
    static final class Instance implements ExtensionContext.Store.CloseableResource {
        final ManualClock clock;
        final FakeEtcd fake;
        final FakeEtcdServer server;
        final EtcdProcess process;
        final List<Etcd> clients = new ArrayList<>();

        Instance(Backend backend, boolean manualClock) {
            if (backend == Backend.REAL) {
                clock = null;
                fake = null;
                server = null;
                process = EtcdProcess.start();
                return;
            }
            clock = manualClock ? ManualClock.startingNow() : null;
            fake = clock == null ? FakeEtcd.create() : FakeEtcd.newBuilder().clock(clock).build();
            server = backend == Backend.FAKE_HTTP ? FakeEtcdServer.start(fake) : null;
            process = null;
        }

        synchronized Etcd client() {
            Etcd e = process != null ? process.client() : server != null ? server.client() : fake.client();
            clients.add(e);
            return e;
        }

        @Override
        public synchronized void close() {
            clients.forEach(Etcd::close);
            clients.clear();
            if (server != null) {
                server.close();
            }
            if (fake != null) {
                fake.close();
            }
            if (process != null) {
                process.close();
            }
        }
    }

    private static EtcdTest settings(ExtensionContext context) {
        return context.getTestClass().map(c -> c.getAnnotation(EtcdTest.class)).orElse(null);
    }

    private static Instance instance(ExtensionContext context) {
        EtcdTest settings = settings(context);
        boolean perClass = settings != null && settings.perClass() || backend() == Backend.REAL;
        ExtensionContext owner = perClass ? classContext(context) : context;
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(Instance.class,
                k -> new Instance(backend(), settings == null || settings.manualClock()), Instance.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext context) {
        Class<?> t = p.getParameter().getType();
        return t == Etcd.class || t == FakeEtcd.class || t == FakeEtcdServer.class || t == ManualClock.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext context) {
        Class<?> t = p.getParameter().getType();
        Instance i = instance(context);
        if (t == Etcd.class) {
            return i.client();
        }
        Object o = t == FakeEtcd.class ? i.fake : t == FakeEtcdServer.class ? i.server : i.clock;
        if (o == null) {
            if (backend() == Backend.REAL) {
                throw new TestAbortedException("needs a " + t.getSimpleName() + ", but " + BACKEND_PROPERTY + "=real");
            }
            throw new ParameterResolutionException("no " + t.getSimpleName() + " here: " + (t == FakeEtcdServer.class
                    ? "set " + BACKEND_PROPERTY + "=fake-http to serve the fake over HTTP"
                    : "@EtcdTest(manualClock = false) runs on the system clock"));
        }
        return o;
    }

    /** On a real etcd shared by the class, each test starts from an empty key space (hidden keys aside). */
    @Override
    public void beforeEach(ExtensionContext context) {
        if (backend() != Backend.REAL) {
            return;
        }
        Instance i = instance(context);
        try (Etcd etcd = i.process.client()) {
            Node root;
            try {
                root = etcd.get("/").node();
            } catch (KeyNotFoundException e) {
                return;
            }
            for (Node child : root.asDirectory().children()) {
                etcd.delete(child.key(), Option.recursive());
            }
        }
    }

    /**
     * On a failure, publishes the fake's listing seed as a report entry ({@code etcdj.fake.seed}), so the
     * run can be replayed with {@code -Detcdj.fake.seed=...}.
     */
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Instance i = context.getStore(NAMESPACE).get(Instance.class, Instance.class);
        if (i == null) {
            i = classContext(context).getStore(NAMESPACE).get(Instance.class, Instance.class);
        }
        if (i != null && i.fake != null) {
            context.publishReportEntry(FakeEtcd.SEED_PROPERTY, Long.toString(i.fake.seed()));
        }
    }

    /** Closes the clients a test was given, so a test cannot leak connections into the next. */
    @Override
    public void afterEach(ExtensionContext context) {
        Instance i = context.getStore(NAMESPACE).get(Instance.class, Instance.class);
        if (i == null) {
            i = classContext(context).getStore(NAMESPACE).get(Instance.class, Instance.class);
            if (i != null) {
                synchronized (i) {
                    i.clients.forEach(Etcd::close);
                    i.clients.clear();
                }
            }
        }
    }
}
