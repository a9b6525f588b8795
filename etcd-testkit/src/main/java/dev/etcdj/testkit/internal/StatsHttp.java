package dev.etcdj.testkit.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The fake server's {@code /v2/stats} as etcd's {@code v2stats} serves them, for the member the server
 * is: its own stats (leader or follower), the leader's view of its followers (403 on a follower), and the
 * store's counters.
 */
public final class StatsHttp {
    private final Admin admin;
    /** The member the server is, or null for the fake's own. */
    private final String memberId;
    private final Instant started;
    private final Supplier<Integer> watchers;
    private final AdminHttp.Responder out;
    private final java.util.function.BooleanSupplier quorum;

    public StatsHttp(Admin admin, String memberId, Instant started, Supplier<Integer> watchers,
                     java.util.function.BooleanSupplier quorum, AdminHttp.Responder out) {
        this.quorum = quorum;
        this.admin = admin;
        this.memberId = memberId;
        this.started = started;
        this.watchers = watchers;
        this.out = out;
    }

    /** Serves {@code /v2/stats/<which>}. */
    public void stats(GoExchange x, String method, String which) throws IOException {
        if (!method.equals("GET")) {
            x.setHeader("Allow", "GET");
            x.setHeader("X-Content-Type-Options", "nosniff");
            out.send(x, 405, "text/plain; charset=utf-8", "Method Not Allowed\n");
            return;
        }
        String body;
        dev.etcdj.api.admin.Member me = self();
        String id = me.id();
        String leader = admin.members().leader().id();
        switch (which) {
            case "self":
                double up = Math.max(0.001, (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0);
                StringBuilder name = new StringBuilder();
                GoJson.string(name, me.name());
                boolean leads = id.equals(leader);
                boolean peers = admin.members().list().stream().anyMatch(m -> !m.id().equals(id) && !m.name().isEmpty());
                // as etcd's ServerStats: a follower reports its receive rates, a leader with peers its send rates
                body = "{\"name\":" + name + ",\"id\":\"" + id + "\",\"state\":\""
                        + (leads ? "StateLeader" : "StateFollower") + "\",\"startTime\":\""
                        + GoJson.time(started) + "\",\"leaderInfo\":{\"leader\":\"" + leader + "\",\"uptime\":\""
                        + up + "s\",\"startTime\":\"" + GoJson.time(started) + "\"},\"recvAppendRequestCnt\":0,"
                        + (leads ? "" : "\"recvPkgRate\":0,\"recvBandwidthRate\":0,") + "\"sendAppendRequestCnt\":0"
                        + (leads && peers ? ",\"sendPkgRate\":0,\"sendBandwidthRate\":0" : "") + "}";
                break;
            case "leader":
                if (!id.equals(leader) || !quorum.getAsBoolean()) {
                    out.send(x, 403, "application/json", "{\"message\":\"not current leader\"}");
                    return;
                }
                StringBuilder followers = new StringBuilder();
                for (dev.etcdj.api.admin.Member m : admin.members().list()) {
                    if (!m.id().equals(id) && !m.name().isEmpty()) {
                        followers.append(followers.length() == 0 ? "" : ",").append('"').append(m.id()).append("\":{")
                                .append("\"latency\":{\"current\":0.001,\"average\":0.001,\"standardDeviation\":0,")
                                .append("\"minimum\":0.001,\"maximum\":0.001},\"counts\":{\"fail\":0,\"success\":0}}");
                    }
                }
                body = "{\"leader\":\"" + id + "\",\"followers\":{" + followers + "}}";
                break;
            case "store":
                body = "{\"getsSuccess\":0,\"getsFail\":0,\"setsSuccess\":0,\"setsFail\":0,\"deleteSuccess\":0,"
                        + "\"deleteFail\":0,\"updateSuccess\":0,\"updateFail\":0,\"createSuccess\":0,\"createFail\":0,"
                        + "\"compareAndSwapSuccess\":0,\"compareAndSwapFail\":0,\"compareAndDeleteSuccess\":0,"
                        + "\"compareAndDeleteFail\":0,\"expireCount\":0,\"watchers\":" + watchers.get() + "}";
                break;
            default:
                out.send(x, 404, "text/plain; charset=utf-8", "404 page not found\n");
                return;
        }
        out.send(x, 200, "application/json", body);
    }

    private dev.etcdj.api.admin.Member self() {
        if (memberId == null) {
            return admin.members().self();
        }
        return admin.members().list().stream().filter(m -> m.id().equals(memberId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("this member was removed from the cluster"));
    }
}
