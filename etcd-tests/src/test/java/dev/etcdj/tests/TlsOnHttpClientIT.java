package dev.etcdj.tests;

/** Every test of {@link TlsIT} on the {@code HttpClient} transport: the same trust, refusals and messages. */
class TlsOnHttpClientIT extends TlsIT {
    @Override
    dev.etcdj.http.Transport transport() {
        return dev.etcdj.http.Transport.HTTP_CLIENT;
    }

    /** {@code HttpClient} does not tell whether the connection it lost was new. */
    @Override
    boolean knowsAFreshConnection() {
        return false;
    }
}
