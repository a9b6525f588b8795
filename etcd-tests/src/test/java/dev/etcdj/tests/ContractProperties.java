package dev.etcdj.tests;

import dev.etcdj.api.spi.EtcdAdapter;
import dev.etcdj.http.HttpAdapter;
import dev.etcdj.testkit.EtcdContract;
import dev.etcdj.testkit.FakeEtcd;
import dev.etcdj.testkit.FakeEtcdServer;
import dev.etcdj.testkit.ManualClock;
import java.time.Duration;
import net.jqwik.api.Group;

/** The testkit's contract against the in-memory fake, the HTTP adapter on the fake server, and real etcd. */
class ContractProperties {
    static final ManualClock CLOCK = ManualClock.startingNow();
    static final FakeEtcd FAKE = FakeEtcd.newBuilder().clock(CLOCK).build();
    static final FakeEtcdServer SERVER = FakeEtcdServer.start(FAKE);

    @Group
    class InMemoryFake implements EtcdContract {
        @Override
        public EtcdAdapter newAdapter() {
            return FAKE.adapter();
        }

        @Override
        public void elapse(Duration d) {
            CLOCK.advance(d);
        }
    }

    @Group
    class HttpAdapterOnTheFakeServer implements EtcdContract {
        @Override
        public EtcdAdapter newAdapter() {
            return HttpAdapter.newBuilder().endpoints(SERVER.url()).build();
        }

        @Override
        public void elapse(Duration d) {
            CLOCK.advance(d);
        }
    }

    @Group
    class HttpAdapterOnRealEtcd implements EtcdContract {
        @Override
        public EtcdAdapter newAdapter() {
            return HttpAdapter.newBuilder().endpoints(RealEtcd.shared().clientUrl()).build();
        }
    }

    @Group
    class HttpClientTransportOnRealEtcd implements EtcdContract {
        @Override
        public EtcdAdapter newAdapter() {
            return HttpAdapter.newBuilder().transport(dev.etcdj.http.Transport.HTTP_CLIENT)
                    .endpoints(RealEtcd.shared().clientUrl()).build();
        }
    }
}
