package dev.etcdj.tests;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdAdminException;
import dev.etcdj.api.UnauthorizedException;
import dev.etcdj.api.admin.EtcdAuth;
import dev.etcdj.api.admin.Permissions;
import dev.etcdj.api.admin.Role;
import dev.etcdj.api.admin.User;
import dev.etcdj.http.HttpAdapter;
import dev.etcdj.testkit.EtcdProcess;
import dev.etcdj.testkit.EtcdProcessCluster;
import dev.etcdj.testkit.FakeEtcdCluster;
import dev.etcdj.testkit.TestCluster;
import dev.etcdj.testkit.FakeEtcd;
import dev.etcdj.testkit.FakeEtcdServer;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * v2 auth (seed rows H1-H5) on a server of its own (enabling auth on a shared one would break the other
 * suites): enable, users, roles, permissions on key globs, the guest role, and the typed refusals.
 */
abstract class AuthSuite {
    enum Target { REAL, FAKE, FAKE_HTTP, REAL_CLUSTER, FAKE_CLUSTER }

    final Target target;
    AutoCloseable server;
    /** Connects as (user, password), or anonymously for a null user. */
    BiFunction<String, String, Etcd> connect;

    AuthSuite(Target target) {
        this.target = target;
    }

    @BeforeEach
    void start() {
        switch (target) {
            case REAL: {
                RealEtcd.requireBinary();
                EtcdProcess p = EtcdProcess.start();
                server = p;
                connect = (u, pw) -> http(p.clientUrl(), u, pw);
                break;
            }
            case REAL_CLUSTER:
            case FAKE_CLUSTER: {
                if (target == Target.REAL_CLUSTER) {
                    RealEtcd.requireBinary();
                }
                TestCluster c = target == Target.REAL_CLUSTER ? EtcdProcessCluster.start(3) : FakeEtcdCluster.start(3);
                server = c;
                String[] urls = c.clientUrls().toArray(String[]::new);
                connect = (u, pw) -> httpOn(u, pw, urls);
                break;
            }
            case FAKE_HTTP: {
                FakeEtcdServer s = FakeEtcdServer.start();
                server = s;
                connect = (u, pw) -> http(s.url(), u, pw);
                break;
            }
            default: {
                FakeEtcd f = FakeEtcd.create();
                server = f;
                connect = (u, pw) -> u == null ? f.client() : f.client(u, pw.toCharArray());
            }
        }
    }

    static Etcd http(String url, String user, String password) {
        return httpOn(user, password, url);
    }

    static Etcd httpOn(String user, String password, String... urls) {
        HttpAdapter.Builder b = HttpAdapter.newBuilder().endpoints(urls);
        if (user != null) {
            b.credentials(user, password.toCharArray());
        }
        return Etcd.of(b.build());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void enableUsersRolesPermissionsAndGuest() {
        try (Etcd anon = connect.apply(null, null); Etcd root = connect.apply("root", "rootpw");
             Etcd alice = connect.apply("alice", "alicepw"); Etcd wrong = connect.apply("root", "nope")) {
            EtcdAuth auth = anon.auth();
            assertFalse(auth.isEnabled());                                                     // H1
            assertEquals(EtcdAdminException.Kind.CONFLICT, assertThrows(EtcdAdminException.class, auth::enable).kind(),
                    "no root user yet");
            assertEquals(EtcdAdminException.Kind.NOT_FOUND, assertThrows(EtcdAdminException.class, () -> auth.user("nobody")).kind());
            assertEquals(List.of("root"), auth.createUser("root", "rootpw".toCharArray()).roles());   // H2
            assertEquals(List.of("root"), auth.roles().stream().map(Role::name).toList());
            auth.enable();
            assertTrue(anon.auth().isEnabled());
            anon.set("/free", "guest may still write");                                       // the guest role: /* read and write

            EtcdAuth admin = root.auth();
            Role app = admin.createRole("app", Permissions.readWrite("/app/*"));                // H3
            assertEquals(Permissions.readWrite("/app/*"), app.permissions());
            assertEquals(EtcdAdminException.Kind.CONFLICT, assertThrows(EtcdAdminException.class,
                    () -> admin.createRole("app", Permissions.NONE)).kind());
            assertEquals(List.of("/app/*", "/shared"), admin.grant("app", Permissions.readOnly("/shared")).permissions().read());
            admin.createUser("alice", "alicepw".toCharArray(), "app");
            assertEquals(new User("alice", List.of("app")), admin.user("alice"));
            assertEquals(List.of("alice", "root"), admin.users().stream().map(User::name).toList());
            assertEquals(EtcdAdminException.Kind.FORBIDDEN, assertThrows(EtcdAdminException.class,
                    () -> admin.grant("root", Permissions.readOnly("/x"))).kind());

            alice.set("/app/x", "1");                                                          // allowed by /app/*
            assertEquals("1", alice.get("/app/x").node().asValue().value());
            UnauthorizedException denied = assertThrows(UnauthorizedException.class, () -> alice.set("/other", "1"));   // H5
            assertEquals(110, denied.errorCode());
            assertThrows(UnauthorizedException.class, () -> alice.auth().users(), "the auth API needs root");
            assertThrows(UnauthorizedException.class, () -> wrong.get("/free"), "a wrong password");

            Role guest = admin.revoke("guest", Permissions.writeOnly("/*"));                   // revoke the guest's writes
            assertEquals(List.of(), guest.permissions().write());
            assertThrows(UnauthorizedException.class, () -> anon.set("/free", "no more"));
            assertEquals("guest may still write", anon.get("/free").node().asValue().value(), "reads still allowed");

            assertEquals(List.of(), admin.revokeRoles("alice", "app").roles());
            assertThrows(UnauthorizedException.class, () -> alice.get("/app/x"));
            admin.changePassword("alice", "newpw".toCharArray());
            admin.grantRoles("alice", "app");
            try (Etcd renewed = connect.apply("alice", "newpw")) {
                assertEquals("1", renewed.get("/app/x").node().asValue().value(), "the new password works");
            }
            assertThrows(UnauthorizedException.class, () -> alice.get("/app/x"), "the old one does not");

            assertEquals(EtcdAdminException.Kind.FORBIDDEN, assertThrows(EtcdAdminException.class,
                    () -> admin.deleteUser("root")).kind(), "root cannot go while auth is on");
            admin.deleteUser("alice");
            admin.deleteRole("app");
            assertThrows(UnauthorizedException.class, () -> anon.auth().disable());
            admin.disable();
            assertFalse(anon.auth().isEnabled());
            anon.set("/free", "open again");
        }
    }
}
