package dev.etcdj.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.etcdj.api.Etcd;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * A stopped member keeps its port: while it is down, connecting is refused (as when etcd is dead) but no
 * other socket of this machine can take the port, so the restart on the same port cannot fail because a
 * client's outgoing connection or another server was given it in between.
 */
class FakeEtcdClusterPortTest {
    @Test
    void aStoppedMembersPortIsRefusedButKeptForItsRestart() throws Exception {
        try (FakeEtcdCluster cluster = FakeEtcdCluster.start(3)) {
            FakeEtcdCluster.Member member = cluster.members().get(1);
            int port = URI.create(member.clientUrl()).getPort();
            member.stop();
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "a stopped member refuses");
            try (Socket squatter = new Socket()) {
                assertThrows(BindException.class, () -> squatter.bind(new InetSocketAddress("127.0.0.1", port)),
                        "nobody else gets the port of a stopped member");
            }
            member.restart();
            try (Etcd etcd = dev.etcdj.http.EtcdHttp.connect(member.clientUrl())) {
                etcd.set("/restarted", "yes");
                assertEquals("yes", etcd.get("/restarted").node().asValue().value());
            }
        }
    }
}
