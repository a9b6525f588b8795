package dev.etcdj.testkit.internal;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Member and cluster ids as etcd computes them, checked against ids real servers reported. */
class MembersTest {
    @Test
    void etcdsDefaultIdentity() {   // etcd started with no flags: the well-known ids
        Members m = new Members("default", List.of(URI.create("http://localhost:2380")), List.of(), "etcd-cluster");
        assertEquals("8e9e05c52164694d", m.self().id());
        assertEquals("cdf818194e3a8c32", m.clusterId());
    }

    @Test
    void theRecordedServer() {   // fixtures 195 and 196: n1 on peer port 24380
        Members m = new Members("n1", List.of(URI.create("http://127.0.0.1:24380")), List.of(), "etcd-cluster");
        assertEquals("b5179d13d0285315", m.self().id());
        assertEquals("534a021c215e0774", m.clusterId());
    }

    @Test
    void idsHaveNoLeadingZeros() {   // etcd formats types.ID with %x
        assertEquals("51cdcb2887a934e", Members.memberId(List.of(URI.create("http://127.0.0.1:20004")), "etcd-cluster", null));
    }

    @Test
    void anInitialClusterListsEveryMemberTheOthersUnstarted() {
        Map<String, List<URI>> initial = new LinkedHashMap<>();
        initial.put("n1", List.of(URI.create("http://127.0.0.1:24380")));
        initial.put("n2", List.of(URI.create("http://127.0.0.1:24381")));
        Members m = new Members("n2", initial, List.of(URI.create("http://127.0.0.1:24379")), "etcd-cluster");
        assertEquals(2, m.list().size());
        assertEquals("n2", m.self().name());
        assertEquals(Members.clusterId(List.of(Members.memberId(initial.get("n1"), "etcd-cluster", null),
                Members.memberId(initial.get("n2"), "etcd-cluster", null))), m.clusterId());
        assertTrue(m.list().stream().filter(x -> !x.name().equals("n2")).allMatch(x -> x.name().isEmpty() && x.clientUrls().isEmpty()));
    }
}
