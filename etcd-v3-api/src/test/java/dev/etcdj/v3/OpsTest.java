package dev.etcdj.v3;

import static dev.etcdj.v3.KvOption.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.v3.KvOption.SortOrder;
import dev.etcdj.v3.KvOption.SortTarget;
import org.junit.jupiter.api.Test;

/** Options become the operation's fields; impossible ones fail before any I/O, saying why. */
class OpsTest {
    static final ByteSequence K = ByteSequence.of("/k");

    static String refused(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    @Test
    void optionsBecomeTheFields() {
        Op.Get g = Op.get(K, prefix(), limit(5), atRevision(9), sort(SortTarget.MOD, SortOrder.DESCEND), serializable(),
                keysOnly(), modRevisions(2, 3), createRevisions(1, 0));
        assertEquals(ByteSequence.of("/l"), g.rangeEnd());
        assertEquals(5, g.limit());
        assertEquals(9, g.revision());
        assertEquals(SortTarget.MOD, g.sortTarget());
        assertTrue(g.serializable() && g.keysOnly() && !g.countOnly());
        assertEquals(3, g.maxModRevision());
        assertEquals(ByteSequence.ZERO, Op.get(K, fromKey()).rangeEnd());
        Op.Put p = Op.put(K, ByteSequence.of("v"), lease(7), prevKv());
        assertEquals(7, p.lease());
        assertTrue(p.prevKv());
        assertTrue(Op.delete(K, prefix(), prevKv()).prevKv());
        assertSame(prefix(), prefix());
    }

    @Test
    void impossibleOperationsAreRefusedBeforeIo() {
        assertEquals("a key is at least one byte (etcd: \"key is not provided\")", refused(() -> Op.get(ByteSequence.EMPTY)));
        assertEquals("get: option Limit given twice", refused(() -> Op.get(K, limit(1), limit(2))));
        assertEquals("get: one of prefix(), rangeEnd(...), fromKey() at most", refused(() -> Op.get(K, prefix(), fromKey())));
        assertEquals("delete: the range end /a is not after the key /k, so the range would be empty",
                refused(() -> Op.delete(K, rangeEnd(ByteSequence.of("/a")))));
        assertEquals("ignoreValue() keeps the current value: pass an empty value",
                refused(() -> Op.put(K, ByteSequence.of("v"), ignoreValue())));
        assertEquals("ignoreLease() keeps the current lease: leave lease(...) out",
                refused(() -> Op.put(K, ByteSequence.of("v"), lease(3), ignoreLease())));
        assertEquals("limit < 1: 0 (leave it out for no limit)", refused(() -> limit(0)));
        assertEquals("lease id 0 means no lease: leave lease(...) out", refused(() -> lease(0)));
        assertEquals("modRevisions: want 0 <= min <= max (0: open), got [5, 2]", refused(() -> modRevisions(5, 2)));
        assertEquals("VERSION compares a number, not a value",
                refused(() -> new Compare(K, Compare.Target.VERSION, Compare.Result.EQUAL, 0, ByteSequence.of("x"))));
    }
}
