package dev.etcdj.tests;

import static dev.etcdj.v3.KvOption.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.v3.AuthStatus;
import dev.etcdj.v3.ByteSequence;
import dev.etcdj.v3.Compare;
import dev.etcdj.v3.EtcdV3;
import dev.etcdj.v3.EtcdV3ServerException;
import dev.etcdj.v3.GrpcCode;
import dev.etcdj.v3.Op;
import dev.etcdj.v3.Permission;
import dev.etcdj.v3.Watch;
import dev.etcdj.v3.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Users, roles, permissions and tokens, on a server of each test's own; run on each server by a subclass. */
abstract class V3AuthSuite {
    static final char[] ROOT_PW = "root-secret-1".toCharArray();
    static final char[] ALICE_PW = "alice-secret-2".toCharArray();

    final List<EtcdV3> clients = new ArrayList<>();
    EtcdV3 anonymous;

    /** Starts a server with authentication off and no user, its tokens living {@link #expireTokens()} long. */
    abstract void startServer();

    abstract void stopServer();

    /** {@return a client without credentials} */
    abstract EtcdV3 anonymousClient();

    /** {@return a client that authenticates as {@code user}} */
    abstract EtcdV3 clientAs(String user, char[] password);

    /** Lets every token the server gave expire. */
    abstract void expireTokens() throws Exception;

    /** {@return whether the server has the auth status call (3.5 and later)} */
    boolean servesAuthStatus() {
        return true;
    }

    @BeforeEach
    void start() {
        startServer();
        anonymous = keep(anonymousClient());
    }

    @AfterEach
    void stop() {
        clients.forEach(EtcdV3::close);
        stopServer();
    }

    EtcdV3 keep(EtcdV3 c) {
        clients.add(c);
        return c;
    }

    /** Root with the root role, a role {@code app} on {@code /app/} (read-write) and {@code /x} (read), alice in it; auth on. */
    EtcdV3 setUp() {
        anonymous.auth().addUser("root", ROOT_PW);
        anonymous.auth().grantRole("root", "root");
        anonymous.auth().addRole("app");
        anonymous.auth().grant("app", Permission.readWrite(ByteSequence.of("/app/")).withPrefix());
        anonymous.auth().grant("app", Permission.read(ByteSequence.of("/x")));
        anonymous.auth().addUser("alice", ALICE_PW);
        anonymous.auth().grantRole("alice", "app");
        anonymous.auth().enable();
        return keep(clientAs("root", ROOT_PW));
    }

    static void assertRefused(GrpcCode code, String message, Runnable call) {
        EtcdV3ServerException e = assertThrows(EtcdV3ServerException.class, call::run);
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(message, e.serverMessage());
    }

    @Test
    void authenticationNeedsARootUserWithTheRootRoleThenEveryCallNeedsAUser() {
        assertRefused(GrpcCode.FAILED_PRECONDITION, "etcdserver: root user does not exist", () -> anonymous.auth().enable());
        anonymous.auth().addUser("root", ROOT_PW);
        assertRefused(GrpcCode.FAILED_PRECONDITION, "etcdserver: root user does not have root role", () -> anonymous.auth().enable());
        anonymous.auth().grantRole("root", "root");
        anonymous.auth().enable();
        assertRefused(GrpcCode.INVALID_ARGUMENT, "etcdserver: user name is empty", () -> anonymous.put("/k", "v"));
        EtcdV3 root = keep(clientAs("root", ROOT_PW));
        root.put("/k", "v");
        assertEquals("v", root.get("/k").first().orElseThrow().value().asString());
        if (servesAuthStatus()) {
            AuthStatus s = root.auth().status();
            assertTrue(s.enabled());
            assertTrue(s.authRevision() > 1, s.toString());
        }
        root.auth().disable();
        anonymous.put("/k", "w");
    }

    @Test
    void aUserDoesOnlyWhatItsRolesAllow() {
        EtcdV3 root = setUp();
        EtcdV3 alice = keep(clientAs("alice", ALICE_PW));
        alice.put("/app/a", "1");
        assertEquals(1, alice.get("/app/", prefix()).count());
        root.put("/x", "readable");
        assertEquals("readable", alice.get("/x").first().orElseThrow().value().asString());
        String denied = "etcdserver: permission denied";
        assertRefused(GrpcCode.PERMISSION_DENIED, denied, () -> alice.put("/x", "no"));
        assertRefused(GrpcCode.PERMISSION_DENIED, denied, () -> alice.get("/", prefix()));
        assertRefused(GrpcCode.PERMISSION_DENIED, denied, () -> alice.delete("/app/", fromKey()));
        assertRefused(GrpcCode.PERMISSION_DENIED, denied, () -> alice.auth().users());
        assertTrue(alice.txn().when(Compare.value(ByteSequence.of("/x"), Compare.Result.EQUAL, ByteSequence.of("readable")))
                .then(Op.put(ByteSequence.of("/app/b"), ByteSequence.of("2"))).commit().succeeded());
        assertRefused(GrpcCode.PERMISSION_DENIED, denied, () -> alice.txn()
                .then(Op.put(ByteSequence.of("/app/c"), ByteSequence.of("3")))
                .otherwise(Op.put(ByteSequence.of("/x"), ByteSequence.of("3"))).commit());
        assertEquals(List.of("app"), root.auth().rolesOf("alice"));
        List<Permission> perms = root.auth().permissionsOf("app");
        assertEquals(List.of(Permission.readWrite(ByteSequence.of("/app/")).withPrefix(), Permission.read(ByteSequence.of("/x"))), perms);
    }

    @Test
    void aWrongPasswordIsRefusedAndNeverShown() {
        setUp();
        EtcdV3 wrong = keep(clientAs("alice", "not-alices-password".toCharArray()));
        EtcdV3ServerException e = assertThrows(EtcdV3ServerException.class, () -> wrong.get("/app/a"));
        assertEquals("etcdserver: authentication failed, invalid user ID or password", e.serverMessage());
        assertFalse(e.getMessage().contains("not-alices-password"), e.getMessage());
        assertFalse(wrong.toString().contains("not-alices-password") || wrong.toString().contains(new String(ALICE_PW)),
                wrong.toString());
    }

    @Test
    void anExpiredTokenIsReplacedAndTheCallSentAgain() throws Exception {
        setUp();
        EtcdV3 alice = keep(clientAs("alice", ALICE_PW));
        alice.put("/app/t", "1");
        expireTokens();
        alice.put("/app/t", "2");   // refused for its token, authenticated again, sent once more
        assertEquals("2", alice.get("/app/t").first().orElseThrow().value().asString());
        assertEquals(2, alice.get("/app/t").first().orElseThrow().version(), "applied once each");
    }

    @Test
    void aUsersWatchSeesTheChangesItMayReadAndNoOther() {
        EtcdV3 root = setUp();
        EtcdV3 alice = keep(clientAs("alice", ALICE_PW));
        try (Watch w = alice.watch("/app/", prefix())) {
            long rev = root.put("/app/w", "seen").header().revision();
            root.put("/other", "unseen");
            WatchEvent.Put put = (WatchEvent.Put) w.poll(Duration.ofSeconds(10)).orElseThrow(() -> new AssertionError("no event"));
            assertEquals("seen", put.kv().value().asString());
            assertEquals(rev, put.revision());
        }
        EtcdV3ServerException e = assertThrows(EtcdV3ServerException.class, () -> alice.watch("/", prefix()));
        assertTrue(e.serverMessage().contains("permission denied"), e.getMessage());
    }

    @Test
    void aWatchOpenedWithAnExpiredTokenGetsANewOne() throws Exception {
        EtcdV3 root = setUp();
        EtcdV3 alice = keep(clientAs("alice", ALICE_PW));
        alice.put("/app/before", "1");
        expireTokens();
        try (Watch w = alice.watch("/app/", prefix())) {
            long rev = root.put("/app/after", "2").header().revision();
            assertEquals(rev, w.poll(Duration.ofSeconds(10)).orElseThrow(() -> new AssertionError("no event")).revision());
        }
    }

    @Test
    void usersAndRolesAreManagedWithEtcdsRefusals() {
        EtcdV3 root = setUp();
        assertRefused(GrpcCode.FAILED_PRECONDITION, "etcdserver: user name already exists", () -> root.auth().addUser("alice", ALICE_PW));
        assertRefused(GrpcCode.FAILED_PRECONDITION, "etcdserver: role name already exists", () -> root.auth().addRole("app"));
        assertRefused(GrpcCode.FAILED_PRECONDITION, "etcdserver: user name not found", () -> root.auth().rolesOf("nobody"));
        assertRefused(GrpcCode.FAILED_PRECONDITION, "etcdserver: role name not found", () -> root.auth().permissionsOf("nothing"));
        assertRefused(GrpcCode.FAILED_PRECONDITION, "etcdserver: role name not found", () -> root.auth().grantRole("alice", "nothing"));
        root.auth().addUser("bob", "bob-pw".toCharArray());
        assertEquals(List.of("alice", "bob", "root"), root.auth().users());
        assertEquals(List.of("app"), root.auth().roles());
        root.auth().changePassword("bob", "bob-new".toCharArray());
        root.auth().grantRole("bob", "app");
        keep(clientAs("bob", "bob-new".toCharArray())).put("/app/bob", "in");
        assertRefused(GrpcCode.INVALID_ARGUMENT, "etcdserver: authentication failed, invalid user ID or password",
                () -> keep(clientAs("bob", "bob-pw".toCharArray())).get("/app/bob"));
        root.auth().revokeRole("bob", "app");
        assertRefused(GrpcCode.FAILED_PRECONDITION, "etcdserver: role is not granted to the user", () -> root.auth().revokeRole("bob", "app"));
        root.auth().revoke("app", Permission.read(ByteSequence.of("/x")));
        assertRefused(GrpcCode.FAILED_PRECONDITION, "etcdserver: permission is not granted to the role",
                () -> root.auth().revoke("app", Permission.read(ByteSequence.of("/x"))));
        root.auth().deleteUser("bob");
        root.auth().deleteRole("app");
        assertEquals(List.of("alice", "root"), root.auth().users());
        assertEquals(List.of(), root.auth().rolesOf("alice"), "a deleted role leaves its users");
    }
}
