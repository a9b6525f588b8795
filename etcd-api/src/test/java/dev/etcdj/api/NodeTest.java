package dev.etcdj.api;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeTest {
    final Value a = Value.of("/d/a", "1", 4, 4);
    final Directory empty = new Directory("/d/e", List.of(), 5, 5, Optional.empty(), Optional.empty());
    final Value b = new Value("/d/e2/b", "2", 6, 7, Optional.of(Instant.parse("2026-01-01T00:00:00Z")),
            Optional.of(Duration.ofSeconds(3)));
    final Directory e2 = new Directory("/d/e2", List.of(b), 6, 6, Optional.empty(), Optional.empty());
    final Directory d = new Directory("/d", List.of(a, empty, e2), 3, 3, Optional.empty(), Optional.empty());

    @Test
    void leavesAreDepthFirstAndNeverAnEmptyDirectory() {
        assertEquals(List.of(a, b), d.leaves());
        assertEquals(List.of(), empty.leaves());
        assertEquals(List.of(a, empty, e2, b), d.descendants());
    }

    @Test
    void lookupByNameAndRelativePath() {
        assertEquals(Optional.of(b), d.find("e2/b"));
        assertEquals(Optional.of(d), d.find(""));
        assertEquals(Optional.empty(), d.find("a/b"), "nothing below a value");
        assertEquals(Optional.of(a), d.child("a"));
        assertEquals("b", b.name());
    }

    @Test
    void nodesAreValuesWithReadableToString() {
        assertEquals(Value.of("/d/a", "1", 4, 4), a);
        assertEquals(a.hashCode(), Value.of("/d/a", "1", 4, 4).hashCode());
        assertNotEquals(Value.of("/d/a", "2", 4, 4), a);
        assertEquals("Value[/d/e2/b=2, created=6, modified=7, expires=2026-01-01T00:00:00Z]", b.toString());
        assertEquals("Directory[/d, 3 children, created=3]", d.toString());
        assertEquals("/d/a is a value, not a directory",
                assertThrows(IllegalStateException.class, a::asDirectory).getMessage());
        assertEquals("/d is a directory, not a value", assertThrows(IllegalStateException.class, d::asValue).getMessage());
    }

    @Test
    void resultsAreRecordsPerAction() {
        EtcdResult r = EtcdResult.of(Action.SET, a, null, 4, 6, 2, "abc");
        Stored set = assertInstanceOf(Stored.class, r);
        assertTrue(set.isNewKey());
        assertEquals(new Stored(a, Optional.empty(), 4, 6, 2, "abc"), set);
        assertEquals("Stored[node=Value[/d/a=1, created=4, modified=4], prevNode=Optional.empty, etcdIndex=4, raftIndex=6, "
                + "raftTerm=2, clusterId=abc]", set.toString());
        for (Action action : Action.values()) {
            assertEquals(action, EtcdResult.of(action, a, null, 1, 1, 1, "").action());
            assertEquals(action, Action.fromWireName(action.wireName()));
        }
    }
}
