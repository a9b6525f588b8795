package dev.etcdj.http;

/** Every test of {@link HttpAdapterReliabilityTest}, on the {@code HttpClient} transport. */
class HttpClientTransportReliabilityTest extends HttpAdapterReliabilityTest {
    @Override
    Transport transport() {
        return Transport.HTTP_CLIENT;
    }
}
