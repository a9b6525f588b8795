package dev.etcdj.testkit.internal.v3;

import dev.etcdj.testkit.internal.GoExchange;
import dev.etcdj.v3.EtcdV3ServerException;
import dev.etcdj.v3.GrpcCode;
import dev.etcdj.v3.Lease;
import dev.etcdj.v3.LeaseNotFoundException;
import dev.etcdj.v3.LeaseStatus;
import dev.etcdj.v3.Op;
import dev.etcdj.v3.spi.AdminCall;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The fake's v3 JSON gateway ({@code grpc-gateway} on etcd's client port, {@code etcdserverpb/gw}): one
 * handler per {@code POST /v3/...} path, the request read as proto3 JSON, the answer written as the
 * gateway writes it, and etcd's errors with the HTTP status {@code runtime.HTTPStatusFromCode} gives their
 * gRPC code. {@code Authorization} carries the token. {@code /v3/watch} goes to {@link WatchServer}.
 */
public final class GatewayServer {
    private final V3Server server;

    /**
     * @param server the fake served
     */
    public GatewayServer(V3Server server) {
        this.server = server;
    }

    /** Serves one request. */
    public void handle(GoExchange x) throws IOException {
        String path = x.rawPath();
        String token = x.requestHeader("Authorization");
        if (token != null && token.startsWith("Bearer ")) {
            token = token.substring(7);
        }
        if (path.equals("/v3/watch") && x.method().equals("GET")) {
            WatchServer.webSocket(server, x, token);
            return;
        }
        if (!x.method().equals("POST")) {
            send(x, 405, "Method Not Allowed\n");
            return;
        }
        String body = new String(x.requestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (path.equals("/v3/watch")) {
            ProtoJsonIn r;
            try {
                r = ProtoJsonIn.parse(body);
            } catch (IllegalArgumentException e) {
                send(x, 400, ProtoJsonOut.error(invalid(e)));
                return;
            }
            if (r.object("create_request") == null) {
                send(x, 400, ProtoJsonOut.error(invalid(new IllegalArgumentException("a POST watch needs a create_request"))));
                return;
            }
            WatchServer.post(server, x, token, body);
            return;
        }
        String answer;
        try {
            answer = answer(path, ProtoJsonIn.parse(body), token);
        } catch (EtcdV3ServerException e) {
            send(x, Refusal.httpStatus(e.code()), ProtoJsonOut.error(e));
            return;
        } catch (IllegalArgumentException e) {
            send(x, 400, ProtoJsonOut.error(invalid(e)));
            return;
        }
        if (answer == null) {
            send(x, 404, "Not Found\n");
            return;
        }
        if (path.equals("/v3/lease/keepalive")) {   // a stream of one message: the gateway's answer to one request
            x.setHeader("Content-Type", "application/json");
            x.sendHeaders(200, 0);
            OutputStream out = x.responseBody();
            out.write(("{\"result\":" + answer + "}\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return;
        }
        send(x, 200, answer);
    }

    private static EtcdV3ServerException invalid(IllegalArgumentException e) {
        return Refusal.of("the fake's gateway", GrpcCode.INVALID_ARGUMENT, e.getMessage());
    }

    private String answer(String path, ProtoJsonIn r, String token) {
        String what = path + " at the fake";
        switch (path) {
            case "/v3/kv/range":
                return ProtoJsonOut.result(server.execute(token, r.range(), what));
            case "/v3/kv/put":
                return ProtoJsonOut.result(server.execute(token, r.put(), what));
            case "/v3/kv/deleterange":
                return ProtoJsonOut.result(server.execute(token, r.deleteRange(), what));
            case "/v3/kv/txn":
                Op.Txn txn = r.txn();
                return ProtoJsonOut.result(server.execute(token, txn, what));
            case "/v3/kv/compaction":
                return ProtoJsonOut.headerOnly(server.compact(token, r.int64("revision"), what));
            case "/v3/lease/grant":
                Lease granted = server.grant(r.int64("TTL"), r.int64("ID"), what);
                return ProtoJsonOut.lease(granted.header(), granted.id(), granted.ttl().getSeconds());
            case "/v3/lease/revoke":
            case "/v3/kv/lease/revoke":
                return ProtoJsonOut.headerOnly(server.revoke(token, r.int64("ID"), what));
            case "/v3/lease/keepalive":
                try {
                    Lease l = server.keepAlive(r.int64("ID"), what);
                    return ProtoJsonOut.lease(l.header(), l.id(), l.ttl().getSeconds());
                } catch (LeaseNotFoundException e) {
                    return ProtoJsonOut.lease(server.header(), r.int64("ID"), 0);   // no TTL: the lease is gone
                }
            case "/v3/lease/timetolive":
            case "/v3/kv/lease/timetolive":
                try {
                    return ProtoJsonOut.timeToLive(server.timeToLive(r.int64("ID"), r.bool("keys"), what));
                } catch (LeaseNotFoundException e) {   // etcd answers an unknown lease with TTL -1
                    return ProtoJsonOut.timeToLive(new LeaseStatus(server.header(), r.int64("ID"), Duration.ofSeconds(-1),
                            Duration.ZERO, List.of()));
                }
            case "/v3/lease/leases":
            case "/v3/kv/lease/leases":
                return ProtoJsonOut.leases(server.header(), server.leases(what));
            case "/v3/auth/authenticate":
                return ProtoJsonOut.token(server.header(), server.authenticate(r.text("name"), r.text("password").toCharArray(), what));
            default:
                AdminCall<?> call = r.adminCall(path);
                if (call == null) {
                    return null;
                }
                Object answer = server.admin(token, call, what);
                return ProtoJsonOut.admin(answer instanceof dev.etcdj.v3.Header h ? h : server.header(), call, answer);
        }
    }

    private static void send(GoExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.setHeader("Content-Type", "application/json");
        x.sendHeaders(status, b.length == 0 ? -1 : b.length);
        x.responseBody().write(b);
    }
}
