package dev.etcdj.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a JUnit 5 test class an etcd: test methods (and constructors, {@code @BeforeEach} methods)
 * declare parameters of type {@link dev.etcdj.api.Etcd}, {@link dev.etcdj.testkit.FakeEtcd},
 * {@link dev.etcdj.testkit.FakeEtcdServer} or {@link dev.etcdj.testkit.ManualClock} and get them.
 *
 * <pre>{@code
 * @EtcdTest
 * class ConfigLoaderTest {
 *     @Test
 *     void readsTheConfig(Etcd etcd) {
 *         etcd.set("/config/db", "postgres://db");
 *         assertEquals("postgres://db", new ConfigLoader(etcd).load().db());
 *     }
 * }
 * }</pre>
 *
 * <p>By default every test gets a fresh in-memory {@code FakeEtcd} on a {@link dev.etcdj.testkit.ManualClock}.
 * Setting the system property {@code etcdj.backend} (or the environment variable {@code ETCDJ_BACKEND})
 * to {@code fake-http} serves the fake over HTTP, and {@code real} runs the same tests on a real etcd that
 * the extension starts ({@link dev.etcdj.testkit.EtcdProcess}, one per test class, emptied before each
 * test): a test asking for a {@code FakeEtcd} or {@code ManualClock} is then skipped, one that asks only
 * for an {@code Etcd} runs on both. JUnit is an optional dependency of the testkit: add
 * {@code junit-jupiter} to your test scope as usual.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EtcdExtension.class)
@SuppressWarnings("exports")   // JUnit is the user's own (optional) dependency
public @interface EtcdTest {
    /**
     * {@return whether one etcd serves the whole class (its tests then see each other's keys) instead of one
     * per test}
     */
    boolean perClass() default false;

    /** {@return whether the fake runs on a {@link dev.etcdj.testkit.ManualClock} (true) or on the system clock} */
    boolean manualClock() default true;
}
