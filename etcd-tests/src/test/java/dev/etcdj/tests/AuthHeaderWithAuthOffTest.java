package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** With auth off, etcd ignores an Authorization header that is not Basic (hasKeyPrefixAccess, hasRootAccess): so does the fake. */
class AuthHeaderWithAuthOffTest {
    static int status(String url, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer abc")
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aBearerTokenIsIgnoredWhileAuthIsOff() throws Exception {
        String key = "/v2/keys" + RealEtcd.unique("bearer");
        for (Backend b : new Backend[] {Backend.REAL, Backend.FAKE_HTTP}) {
            assertEquals(404, status(b.url(), key), b + ": the key is simply not there");
            assertEquals(200, status(b.url(), "/v2/auth/enable"), b.name());
            assertEquals(200, status(b.url(), "/v2/auth/users"), b + ": the auth API is open while auth is off");
        }
    }
}
