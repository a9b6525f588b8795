package dev.etcdj.http;

/** Every test of {@link HttpAdapterFaultsTest}, on the {@code HttpClient} transport. */
class HttpClientTransportFaultsTest extends HttpAdapterFaultsTest {
    @Override
    Transport transport() {
        return Transport.HTTP_CLIENT;
    }
}
