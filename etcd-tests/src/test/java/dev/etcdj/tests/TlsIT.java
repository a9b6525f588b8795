package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdConnectionException;
import dev.etcdj.http.HttpAdapter;
import dev.etcdj.http.Tls;
import dev.etcdj.testkit.EtcdProcess;
import dev.etcdj.testkit.EtcdProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS from PEM files against real etcd (seed row A: TLS): client certificates in every key form, and each
 * refusal typed with a message that says why: no client certificate, an untrusted server, a server whose
 * certificate does not name the host, an expired one; file problems before any connection.
 */
class TlsIT {
    /** The transport under test: the default; {@link TlsOnHttpClientIT} runs every test on {@code HttpClient}. */
    dev.etcdj.http.Transport transport() {
        return dev.etcdj.http.Transport.SOCKETS;
    }

    HttpAdapter.Builder builder() {
        return HttpAdapter.newBuilder().transport(transport());
    }

    static TestCertificates certs;
    static TestCertificates otherCa;
    static EtcdProcess mutual;
    static EtcdProcess wrongHost;
    static EtcdProcess expired;

    @BeforeAll
    static void start() throws Exception {
        RealEtcd.requireBinary();   // it starts its own servers
        Path dir = Files.createTempDirectory("etcdj-tls");
        certs = new TestCertificates(dir, "etcdj-test-ca");
        otherCa = new TestCertificates(Files.createDirectories(dir.resolve("other")), "someone-else");
        Path server = certs.leaf("server", "RSA", "ip:127.0.0.1", false);
        certs.leaf("client", "RSA", "dns:client", false);
        certs.leaf("ecclient", "EC", "dns:ecclient", false);
        Path wrong = certs.leaf("wrong", "RSA", "dns:wrong.example", false);
        Path old = certs.leaf("old", "RSA", "ip:127.0.0.1", true);
        SSLContext client = Tls.fromPem(certs.ca(), certs.dir.resolve("client.pem"), certs.pkcs8("client"), null);
        mutual = EtcdProcess.startTls(new EtcdProcess.TlsFiles(server, certs.pkcs8("server"), certs.ca(), true, client));
        wrongHost = EtcdProcess.startTls(new EtcdProcess.TlsFiles(wrong, certs.pkcs8("wrong"), null, false, client));
        expired = EtcdProcess.startTls(new EtcdProcess.TlsFiles(old, certs.pkcs8("old"), null, false, client));
    }

    @AfterAll
    static void stop() {
        for (EtcdProcess p : new EtcdProcess[] {mutual, wrongHost, expired}) {
            if (p != null) {
                p.close();
            }
        }
    }

    Etcd connect(EtcdProcess p, SSLContext tls) {
        return Etcd.of(builder().endpoints(p.clientUrl()).sslContext(tls).requestTimeout(Duration.ofSeconds(5)).build());
    }

    static void roundTrip(Etcd etcd, String key) {
        etcd.set(key, "over TLS");
        assertEquals("over TLS", etcd.get(key).node().asValue().value());
    }

    @Test
    void aThreeMemberClusterWithClientCertificatesFailsOverOverTls() throws Exception {
        SSLContext client = Tls.fromPem(certs.ca(), certs.dir.resolve("client.pem"), certs.pkcs8("client"), null);
        EtcdProcess.TlsFiles files = new EtcdProcess.TlsFiles(certs.dir.resolve("server.pem"), certs.pkcs8("server"), certs.ca(), true, client);
        try (EtcdProcessCluster cluster = EtcdProcessCluster.startTls(3, files); Etcd etcd = cluster.client()) {
            assertTrue(cluster.clientUrls().stream().allMatch(u -> u.startsWith("https://127.0.0.1:")));
            roundTrip(etcd, "/tls/cluster");
            EtcdProcessCluster.Member first = cluster.member(0);
            first.stop();
            assertEquals("over TLS", etcd.get("/tls/cluster").node().asValue().value(), "read through another member");
            try (Etcd noCertificate = Etcd.of(builder().endpoints(cluster.member(1).clientUrl())
                    .tls(certs.ca()).requestTimeout(Duration.ofSeconds(5)).build())) {
                EtcdConnectionException e = assertThrows(EtcdConnectionException.class, () -> noCertificate.get("/tls/cluster"));
                assertFalse(e.mayHaveBeenApplied());
            }
        }
    }

    @Test
    void aClientCertificateInEveryKeyFormWorks() throws Exception {
        Path cert = certs.dir.resolve("client.pem");
        try (Etcd pkcs8 = connect(mutual, Tls.fromPem(certs.ca(), cert, certs.pkcs8("client"), null));
             Etcd pkcs1 = connect(mutual, Tls.fromPem(certs.ca(), cert, certs.pkcs1("client"), null));
             Etcd encrypted = connect(mutual, Tls.fromPem(certs.ca(), cert, certs.encryptedPkcs8("client", "s3cret".toCharArray()),
                     "s3cret".toCharArray()));
             Etcd sec1 = connect(mutual, Tls.fromPem(certs.ca(), certs.dir.resolve("ecclient.pem"), certs.sec1("ecclient"), null));
             Etcd builder = Etcd.of(builder().endpoints(mutual.clientUrl())
                     .tls(certs.ca(), cert, certs.pkcs8("client"), null).build())) {
            roundTrip(pkcs8, "/tls/pkcs8");
            roundTrip(pkcs1, "/tls/pkcs1");
            roundTrip(encrypted, "/tls/encrypted");
            roundTrip(sec1, "/tls/sec1");
            roundTrip(builder, "/tls/builder");
        }
    }

    @Test
    void fileProblemsAreClearBeforeAnyConnection() throws Exception {
        Path cert = certs.dir.resolve("client.pem");
        IllegalArgumentException wrongPassword = assertThrows(IllegalArgumentException.class, () -> Tls.fromPem(certs.ca(), cert,
                certs.encryptedPkcs8("client", "s3cret".toCharArray()), "nope".toCharArray()));
        assertTrue(wrongPassword.getMessage().contains("wrong password"), wrongPassword.getMessage());
        assertFalse(wrongPassword.getMessage().contains("nope"));
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> Tls.fromPem(certs.ca(), cert, certs.pkcs8("ecclient"), null));
        assertTrue(mismatch.getMessage().contains("does not match the certificate"), mismatch.getMessage());
        IllegalArgumentException notPem = assertThrows(IllegalArgumentException.class,
                () -> Tls.fromPem(certs.ca(), cert, certs.dir.resolve("client.csr"), null));
        assertTrue(notPem.getMessage().contains("no PRIVATE KEY"), notPem.getMessage());
    }

    /**
     * Whether the transport knows a connection lost before any answer was a fresh one, and so can say for
     * sure that a TLS 1.3 server refused the client certificate (the alert may be lost to a reset).
     */
    boolean knowsAFreshConnection() {
        return true;
    }

    @Test
    void withoutAClientCertificateTheServerRefuses() {
        try (Etcd anonymous = connect(mutual, Tls.trusting(certs.ca()))) {
            EtcdConnectionException e = assertThrows(EtcdConnectionException.class, () -> anonymous.get("/tls"));
            assertTrue(e.getMessage().contains("client certificate") && e.getMessage().contains("127.0.0.1"), e.getMessage());
            assertTrue(!knowsAFreshConnection() || e.getMessage().contains("TLS handshake with 127.0.0.1 failed"), e.getMessage());
            assertFalse(e.mayHaveBeenApplied());
        }
    }

    /**
     * The race behind a refused client certificate under TLS 1.3, made certain: the server completes the
     * handshake, reads the request and closes without a word, as when its alert is lost to a reset.
     */
    @Test
    void aNewTlsConnectionClosedBeforeAnyAnswerNamesTheClientCertificate() throws Exception {
        SSLContext serverTls = Tls.fromPem(certs.ca(), certs.dir.resolve("server.pem"), certs.pkcs8("server"), null);
        try (javax.net.ssl.SSLServerSocket listener = (javax.net.ssl.SSLServerSocket) serverTls.getServerSocketFactory()
                .createServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress())) {
            Thread closer = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) listener.accept()) {
                        s.startHandshake();
                        s.getInputStream().read(new byte[256]);
                    } catch (java.io.IOException e) {
                        // the listener closed, or the client gave up
                    }
                }
            }, "tls-closer");
            closer.setDaemon(true);
            closer.start();
            try (Etcd etcd = Etcd.of(builder().endpoints("https://127.0.0.1:" + listener.getLocalPort())
                    .sslContext(Tls.trusting(certs.ca())).requestTimeout(Duration.ofSeconds(5)).build())) {
                EtcdConnectionException e = assertThrows(EtcdConnectionException.class, () -> etcd.get("/tls"));
                assertTrue(e.getMessage().contains("client certificate"), e.getMessage());
                assertFalse(e.mayHaveBeenApplied(), e.getMessage());
            }
        }
    }

    @Test
    void anUntrustedServerIsRefused() {
        try (Etcd etcd = connect(mutual, Tls.trusting(otherCa.ca()))) {
            EtcdConnectionException e = assertThrows(EtcdConnectionException.class, () -> etcd.get("/tls"));
            assertTrue(e.getMessage().contains("not signed by a CA this client trusts"), e.getMessage());
        }
    }

    @Test
    void aServerWhoseCertificateDoesNotNameTheHostIsRefused() {
        try (Etcd etcd = connect(wrongHost, Tls.trusting(certs.ca()))) {
            EtcdConnectionException e = assertThrows(EtcdConnectionException.class, () -> etcd.get("/tls"));
            assertTrue(e.getMessage().contains("does not name 127.0.0.1"), e.getMessage());
        }
    }

    @Test
    void anExpiredServerCertificateIsRefused() {
        try (Etcd etcd = connect(expired, Tls.trusting(certs.ca()))) {
            EtcdConnectionException e = assertThrows(EtcdConnectionException.class, () -> etcd.get("/tls"));
            assertTrue(e.getMessage().contains("has expired"), e.getMessage());
        }
    }
}
