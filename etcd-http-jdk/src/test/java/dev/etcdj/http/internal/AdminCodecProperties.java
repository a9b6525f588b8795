package dev.etcdj.http.internal;

import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.EtcdAdminException;
import dev.etcdj.api.EtcdProtocolException;
import dev.etcdj.api.UnauthorizedException;
import dev.etcdj.api.admin.Permissions;
import dev.etcdj.api.spi.AdminCall;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.*;
import org.junit.jupiter.api.Test;

/**
 * Hostile admin and auth answers: recorded bodies (fixtures 187-307) damaged at random, and arbitrary JSON
 * shapes, decoded for every call, fail only with the typed exceptions, never another.
 */
class AdminCodecProperties {
    static final List<AdminCall<?>> CALLS = List.of(new AdminCall.Machines(), new AdminCall.Members(), new AdminCall.Leader(),
            new AdminCall.AddMember(List.of(URI.create("http://a:1"))), new AdminCall.Self(), new AdminCall.LeaderStatistics(),
            new AdminCall.Store(), new AdminCall.Version(), new AdminCall.Health(), new AdminCall.AuthStatus(),
            new AdminCall.Users(), new AdminCall.GetUser("u"), new AdminCall.Roles(), new AdminCall.GetRole("r"),
            new AdminCall.PutRole("r", Permissions.NONE, Permissions.NONE, true));
    static final List<byte[]> BODIES = Fixture.all().stream().filter(f -> f.number() >= 187 && f.number() <= 307)
            .map(Fixture::body).filter(b -> b.length > 0).collect(Collectors.toList());

    static void decodeAll(byte[] body, int status) {
        for (AdminCall<?> call : CALLS) {
            try {
                AdminCodec.decode(call, "test", status, new LimitedBody.Bytes(body, body.length));
            } catch (EtcdProtocolException | EtcdAdminException | UnauthorizedException expected) {
                assertNotNull(expected.getMessage());
            }
        }
    }

    @Example
    void aRoleWithAGlobEtcdWouldNotSendIsAProtocolError() {   // found by the property below: a damaged '/'
        byte[] body = "{\"role\":\"r\",\"permissions\":{\"kv\":{\"read\":[\" app/*\"],\"write\":[]}}}"
                .getBytes(StandardCharsets.UTF_8);
        EtcdProtocolException e = assertThrows(EtcdProtocolException.class,
                () -> AdminCodec.decode(new AdminCall.GetRole("r"), "GET /v2/auth/roles/r at http://a:1", 200,
                        new LimitedBody.Bytes(body, body.length)));
        assertTrue(e.getMessage().startsWith("GET /v2/auth/roles/r at http://a:1: an answer etcd would not give: "),
                e.getMessage());
        assertTrue(e.getMessage().contains(" app/*"), e.getMessage());
    }

    @Property(tries = 1000)
    void damagedRecordedBodiesFailOnlyWithTypedExceptions(@ForAll("damaged") byte[] body, @ForAll("statuses") int status) {
        decodeAll(body, status);
    }

    @Property(tries = 1000)
    void arbitraryJsonShapesFailOnlyWithTypedExceptions(@ForAll("json") String json, @ForAll("statuses") int status) {
        decodeAll(json.getBytes(StandardCharsets.UTF_8), status);
    }

    @Provide
    Arbitrary<Integer> statuses() {
        return Arbitraries.of(200, 201, 204, 400, 401, 403, 404, 409, 415, 500, 503);
    }

    @Provide
    Arbitrary<byte[]> damaged() {
        return Arbitraries.of(BODIES).flatMap(b -> Arbitraries.integers().between(0, Math.max(0, b.length - 1)).flatMap(at ->
                Arbitraries.integers().between(0, 255).map(v -> {
                    byte[] copy = b.clone();
                    if (copy.length > 0) {
                        copy[at] = (byte) (int) v;
                    }
                    return v % 3 == 0 ? java.util.Arrays.copyOf(copy, at) : copy;
                })));
    }

    @Provide
    Arbitrary<String> json() {
        Arbitrary<String> leaf = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(6).map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""),
                Arbitraries.longs().map(Object::toString), Arbitraries.of("true", "false", "null", "1.5e3", "\"19.6s\"",
                        "\"2026-11-22T06:12:32Z\"", "\"http://a:1\"", "[]", "{}"));
        Arbitrary<String> names = Arbitraries.of("members", "id", "name", "peerURLs", "clientURLs", "leaderInfo", "leader",
                "uptime", "startTime", "state", "followers", "latency", "counts", "users", "user", "roles", "role",
                "permissions", "kv", "read", "write", "enabled", "health", "etcdserver", "etcdcluster", "message");
        return Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(
                Combinators.combine(names, inner).as((n, v) -> "{\"" + n + "\":" + v + "}"),
                Combinators.combine(names, inner, names, inner).as((a, v, b, w) -> "{\"" + a + "\":" + v + ",\"" + b + "\":" + w + "}"),
                inner.list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]")), 5);
    }

    @Test
    void goDurationsAsEtcdWritesThem() {
        String[] texts = {"19.674621719s", "673.930241ms", "1h2m3.5s", "0s", "350µs", "12ns"};
        Duration[] expected = {Duration.ofNanos(19_674_621_719L), Duration.ofNanos(673_930_241L),
                Duration.ofMillis(3_723_500), Duration.ZERO, Duration.ofNanos(350_000), Duration.ofNanos(12)};
        for (int i = 0; i < texts.length; i++) {
            byte[] body = ("{\"name\":\"n\",\"id\":\"1\",\"state\":\"StateLeader\",\"startTime\":\"2026-11-22T06:12:32Z\","
                    + "\"leaderInfo\":{\"leader\":\"1\",\"uptime\":\"" + texts[i] + "\",\"startTime\":\"2026-11-22T06:12:32Z\"},"
                    + "\"recvAppendRequestCnt\":0,\"sendAppendRequestCnt\":0}").getBytes(StandardCharsets.UTF_8);
            Duration up = AdminCodec.decode(new AdminCall.Self(), "t", 200, new LimitedBody.Bytes(body, body.length))
                    .leader().orElseThrow().uptime();
            assertEquals(expected[i], up, texts[i]);
        }
    }
}
