package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdAdminException;
import dev.etcdj.api.EtcdConnectionException;
import dev.etcdj.api.admin.EtcdCluster;
import dev.etcdj.api.admin.Member;
import dev.etcdj.http.HttpAdapter;
import dev.etcdj.testkit.EtcdProcessCluster;
import dev.etcdj.testkit.FakeEtcdCluster;
import dev.etcdj.testkit.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The admin API, member discovery and failover on a 3-member cluster: real etcd processes (over both
 * transports), and the fake cluster.
 */
class ClusterIT {
    @Nested
    class OnRealEtcd extends ClusterSuite {
        @Override
        TestCluster start() {
            RealEtcd.requireBinary();
            return EtcdProcessCluster.start(3);
        }
    }

    @Nested
    class OnRealEtcdWithHttpClient extends ClusterSuite {
        @Override
        TestCluster start() {
            RealEtcd.requireBinary();
            return EtcdProcessCluster.start(3);
        }

        @Override
        dev.etcdj.http.Transport transport() {
            return dev.etcdj.http.Transport.HTTP_CLIENT;
        }
    }

    @Nested
    class OnTheFakeCluster extends ClusterSuite {
        @Override
        TestCluster start() {
            return FakeEtcdCluster.start(3);
        }
    }
}
