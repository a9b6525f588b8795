package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdConnectionException;
import dev.etcdj.http.HttpAdapter;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DNS discovery (etcdctl's --discovery-srv) against a DNS server the test runs on loopback. */
class SrvDiscoveryIT {
    final LoopbackDns dns;

    SrvDiscoveryIT() throws Exception {
        dns = new LoopbackDns();
    }

    @AfterEach
    void close() {
        dns.close();
    }

    HttpAdapter.Builder builder(String domain) {
        return HttpAdapter.newBuilder().discoverySrv(domain).dnsServer(dns.address());
    }

    @Test
    void thePlainRecordsNameTheMembersInPriorityAndWeightOrderAndTheClientWorks() {
        int port = URI.create(RealEtcd.shared().clientUrl()).getPort();
        dns.srv("_etcd-client._tcp.etcdj.test",
                new LoopbackDns.Srv(20, 0, 1, "backup.etcdj.test"),
                new LoopbackDns.Srv(10, 5, port, "127.0.0.1"),
                new LoopbackDns.Srv(10, 50, 2, "heavy.etcdj.test"));
        HttpAdapter adapter = builder("etcdj.test").build();
        assertEquals(List.of("http://heavy.etcdj.test:2", "http://127.0.0.1:" + port, "http://backup.etcdj.test:1"),
                adapter.endpoints());
        try (Etcd etcd = Etcd.of(HttpAdapter.newBuilder().discoverySrv("etcdj.test").dnsServer(dns.address()).build())) {
            etcd.set(RealEtcd.unique("srv"), "found through DNS");   // the first endpoint does not resolve: the next one
        }
        adapter.close();
    }

    @Test
    void theSslRecordsComeFirstAndSwitchToHttps() {
        dns.srv("_etcd-client-ssl._tcp.secure.test", new LoopbackDns.Srv(0, 0, 2379, "etcd-1.secure.test"));
        dns.srv("_etcd-client._tcp.secure.test", new LoopbackDns.Srv(0, 0, 2379, "plain.secure.test"));
        HttpAdapter adapter = builder("secure.test").build();
        assertEquals(List.of("https://etcd-1.secure.test:2379"), adapter.endpoints());
        adapter.close();
    }

    @Test
    void aDomainWithoutRecordsIsAnErrorNotLocalhost() {
        EtcdConnectionException e = assertThrows(EtcdConnectionException.class, () -> builder("nothing.test").build());
        assertTrue(e.getMessage().contains("_etcd-client-ssl._tcp.nothing.test"), e.getMessage());
        assertTrue(e.getMessage().contains("_etcd-client._tcp.nothing.test"), e.getMessage());
    }

    @Test
    void aDeadDnsServerIsAnErrorWithinSeconds() {
        java.net.InetSocketAddress dead = dns.address();
        dns.close();
        long start = System.nanoTime();
        EtcdConnectionException e = assertThrows(EtcdConnectionException.class,
                () -> HttpAdapter.newBuilder().discoverySrv("etcdj.test").dnsServer(dead).build());
        assertTrue(e.getMessage().contains("DNS discovery of etcdj.test failed"), e.getMessage());
        assertTrue(System.nanoTime() - start < java.util.concurrent.TimeUnit.SECONDS.toNanos(15));
    }

    @Test
    void theEnvironmentNamesTheDomainAndExplicitEndpointsWin() {
        dns.srv("_etcd-client._tcp.env.test", new LoopbackDns.Srv(0, 0, 2379, "from-dns.env.test"));
        HttpAdapter fromEnv = HttpAdapter.newBuilder().dnsServer(dns.address()).environment(java.util.Map.of("ETCDCTL_DISCOVERY_SRV", "env.test")).build();
        assertEquals(List.of("http://from-dns.env.test:2379"), fromEnv.endpoints());
        fromEnv.close();
        HttpAdapter explicit = HttpAdapter.newBuilder().endpoints("http://127.0.0.1:1").dnsServer(dns.address())
                .environment(java.util.Map.of("ETCDCTL_DISCOVERY_SRV", "env.test")).build();
        assertEquals(List.of("http://127.0.0.1:1"), explicit.endpoints());
        explicit.close();
    }
}
