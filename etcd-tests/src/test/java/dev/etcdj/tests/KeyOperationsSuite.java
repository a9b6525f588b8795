package dev.etcdj.tests;

import static dev.etcdj.api.Option.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.*;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every key operation and option of the facade, against a real etcd. */
abstract class KeyOperationsSuite extends BackendSuite {
    String root = RealEtcd.unique("keys");

    KeyOperationsSuite(Backend backend) {
        super(backend);
    }

    @Test
    void setThenGetReturnsTheValueAndHeaders() {
        EtcdResult set = etcd.set(root + "/a", "hello world");
        Stored s = assertInstanceOf(Stored.class, set);
        assertTrue(s.isNewKey());
        assertEquals("hello world", s.node().asValue().value());
        assertEquals(s.node().modifiedIndex(), s.etcdIndex(), "X-Etcd-Index after a write is the node's index");
        assertTrue(s.raftIndex() > 0);
        assertTrue(s.raftTerm() > 0);
        assertTrue(s.clusterId().matches("[0-9a-f]+"), s.clusterId());

        Got got = etcd.get(root + "/a");
        assertEquals(root + "/a", got.node().key());
        assertEquals("hello world", got.node().asValue().value());
        assertEquals(s.node().createdIndex(), got.node().createdIndex());
    }

    @Test
    void setOverAFileReplacesItWithANewCreatedIndex() {
        Stored first = etcd.set(root + "/r", "1");
        Stored second = etcd.set(root + "/r", "2");
        assertFalse(second.isNewKey());
        assertEquals("1", second.prevNode().orElseThrow().asValue().value());
        assertNotEquals(first.node().createdIndex(), second.node().createdIndex());
    }

    @Test
    void createFailsWhenTheKeyExists() {
        Created c = etcd.create(root + "/c", "x");
        assertEquals(Action.CREATE, c.action());
        NodeExistsException e = assertThrows(NodeExistsException.class, () -> etcd.create(root + "/c", "y"));
        assertEquals(105, e.errorCode());
        assertEquals("Key already exists", e.errorMessage());
        assertEquals(root + "/c", e.errorCause());
        assertTrue(e.index() >= c.node().modifiedIndex());
    }

    @Test
    void updateKeepsCreatedIndexAndFailsOnAMissingKey() {
        EtcdResult first = etcd.set(root + "/u", "1");
        Updated u = assertInstanceOf(Updated.class, etcd.update(root + "/u", "2"));
        assertEquals(first.node().createdIndex(), u.node().createdIndex());
        assertEquals("1", u.prevNode().orElseThrow().asValue().value());
        KeyNotFoundException e = assertThrows(KeyNotFoundException.class, () -> etcd.update(root + "/nope", "x"));
        assertEquals(root + "/nope", e.errorCause());
    }

    @Test
    void compareAndSwapOnValueIndexAndBoth() {
        EtcdResult w = etcd.set(root + "/cas", "one");
        long index = w.node().modifiedIndex();
        ComparedThenSwapped byValue = etcd.compareAndSwap(root + "/cas", "two", prevValue("one"));
        assertEquals("two", byValue.node().asValue().value());
        ComparedThenSwapped byIndex = etcd.compareAndSwap(root + "/cas", "three", prevIndex(byValue.node().modifiedIndex()));
        ComparedThenSwapped both = etcd.compareAndSwap(root + "/cas", "four", prevValue("three"),
                prevIndex(byIndex.node().modifiedIndex()));
        assertEquals("four", both.node().asValue().value());

        CompareFailedException value = assertThrows(CompareFailedException.class,
                () -> etcd.compareAndSwap(root + "/cas", "x", prevValue("one")));
        assertEquals("[one != four]", value.errorCause());
        CompareFailedException idx = assertThrows(CompareFailedException.class,
                () -> etcd.compareAndSwap(root + "/cas", "x", prevIndex(index)));
        assertEquals("[" + index + " != " + both.node().modifiedIndex() + "]", idx.errorCause());
        CompareFailedException two = assertThrows(CompareFailedException.class,
                () -> etcd.compareAndSwap(root + "/cas", "x", prevValue("one"), prevIndex(index)));
        assertEquals("[one != four] [" + index + " != " + both.node().modifiedIndex() + "]", two.errorCause());
        assertEquals(412, value.code().httpStatus());
    }

    @Test
    void aConditionalWriteIsACompareAndSwapWithOrWithoutPrevExist() {
        etcd.set(root + "/s", "a");
        assertInstanceOf(ComparedThenSwapped.class, etcd.compareAndSwap(root + "/s", "b", prevValue("a")));
        EtcdResult both = etcd.execute(dev.etcdj.api.spi.EtcdRequest.newBuilder(dev.etcdj.api.spi.EtcdRequest.Operation.SET,
                Key.of(root + "/s")).value("c").prevValue("b").prevExist(dev.etcdj.api.spi.EtcdRequest.PrevExist.MUST_EXIST).build());
        assertInstanceOf(ComparedThenSwapped.class, both, "prevExist=true beside a condition is still a compare-and-swap");
    }

    @Test
    void deleteFilesDirectoriesAndSubtrees() {
        etcd.set(root + "/d/f", "1");
        Deleted file = assertInstanceOf(Deleted.class, etcd.delete(root + "/d/f"));
        assertNull(file.node().asValue().value(), "a delete's node has no value");
        assertEquals("1", file.prevNode().orElseThrow().asValue().value());

        etcd.mkdir(root + "/empty");
        assertThrows(NotAFileException.class, () -> etcd.delete(root + "/empty"));
        Deleted dir = assertInstanceOf(Deleted.class, etcd.delete(root + "/empty", dir()));
        assertTrue(dir.node().isDirectory());

        etcd.set(root + "/tree/x/y", "1");
        DirectoryNotEmptyException notEmpty = assertThrows(DirectoryNotEmptyException.class,
                () -> etcd.delete(root + "/tree", dir()));
        assertEquals(108, notEmpty.errorCode());
        assertEquals(403, notEmpty.code().httpStatus());
        etcd.delete(root + "/tree", recursive());
        assertFalse(etcd.exists(root + "/tree"));
    }

    @Test
    void compareAndDeleteHonoursTheCondition() {
        EtcdResult w = etcd.set(root + "/cad", "v");
        assertThrows(CompareFailedException.class, () -> etcd.compareAndDelete(root + "/cad", prevValue("other")));
        assertTrue(etcd.exists(root + "/cad"), "a failed compare-and-delete must not delete (conditions go in the query)");
        ComparedThenDeleted d = etcd.compareAndDelete(root + "/cad", prevIndex(w.node().modifiedIndex()));
        assertEquals(Action.COMPARE_AND_DELETE, d.action());
        assertFalse(etcd.exists(root + "/cad"));
        etcd.set(root + "/cad2", "v");
        assertInstanceOf(ComparedThenDeleted.class, etcd.compareAndDelete(root + "/cad2", prevValue("v")));
    }

    @Test
    void recursiveSortedReadListsEveryLevelInOrder() {
        for (String k : List.of("b/2", "a", "c/1/x", "b/1")) {
            etcd.set(root + "/r/" + k, k);
        }
        Directory flat = etcd.get(root + "/r", sorted()).node().asDirectory();
        assertEquals(List.of("a", "b", "c"), flat.children().stream().map(Node::name).collect(Collectors.toList()));
        assertTrue(flat.child("b").orElseThrow().asDirectory().children().isEmpty(),
                "a non-recursive listing does not expand sub-directories");

        Directory deep = etcd.get(root + "/r", recursive(), sorted()).node().asDirectory();
        assertEquals(List.of("a", "b/1", "b/2", "c/1/x"),
                deep.leaves().stream().map(Value::value).collect(Collectors.toList()));
        assertEquals("c/1/x", deep.find("c/1/x").orElseThrow().asValue().value());
        assertTrue(deep.find("c/nope").isEmpty());
    }

    @Test
    void quorumReadReturnsTheValue() {
        etcd.set(root + "/q", "v");
        Got got = etcd.get(root + "/q", quorum());
        assertEquals("v", got.node().asValue().value());
    }

    @Test
    void emptyDirectoryIsNeverALeaf() {
        etcd.mkdir(root + "/e/inner");
        etcd.set(root + "/e/file", "f");
        Directory d = etcd.get(root + "/e", recursive()).node().asDirectory();
        assertEquals(List.of("f"), d.leaves().stream().map(Value::value).collect(Collectors.toList()));
        assertEquals(2, d.descendants().size());
        assertTrue(etcd.get(root + "/e/inner").node().asDirectory().leaves().isEmpty());
    }

    @Test
    void mkdirCreatesAndRefusesAnExistingKey() {
        Created c = etcd.mkdir(root + "/m");
        assertTrue(c.node().isDirectory());
        assertThrows(NodeExistsException.class, () -> etcd.mkdir(root + "/m"));
    }

    @Test
    void noValueOnSuccessAnswersWithTheActionOnly() {
        EtcdResult r = etcd.set(root + "/nv", "v", noValueOnSuccess());
        assertEquals(Action.SET, r.action());
        assertNull(r.node());
        assertTrue(r.etcdIndex() > 0);
        assertEquals("v", etcd.get(root + "/nv").node().asValue().value());
    }

    @Test
    void existsTellsPresentFromAbsent() {
        etcd.set(root + "/x", "1");
        assertTrue(etcd.exists(root + "/x"));
        assertFalse(etcd.exists(root + "/y"));
    }

    @Test
    void updateIfUnchangedOfAReadValueIsOptimistic() {
        etcd.set(root + "/opt", "1", ttl(Duration.ofSeconds(100)));
        Value read = etcd.get(root + "/opt").node().asValue();
        ComparedThenSwapped swapped = etcd.updateIfUnchanged(read, "2");
        Value after = swapped.node().asValue();
        assertEquals("2", after.value());
        assertTrue(after.ttl().orElseThrow().getSeconds() > 90, "the TTL is kept, not dropped: " + after);
        assertThrows(CompareFailedException.class, () -> etcd.updateIfUnchanged(read, "3"), "a stale read must not win");
    }

    @Test
    void atomicUpdateAppliesTheFunctionUnderContention() throws Exception {
        etcd.set(root + "/counter", "0");
        int threads = 4;
        int perThread = 10;
        List<Thread> workers = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    etcd.atomicUpdate(root + "/counter", 1000, v -> Integer.toString(Integer.parseInt(v) + 1));
                }
            });
            workers.add(th);
            th.start();
        }
        for (Thread th : workers) {
            th.join();
        }
        assertEquals(Integer.toString(threads * perThread), etcd.get(root + "/counter").node().asValue().value());
    }

    @Test
    void atomicUpdateGivesUpAfterItsAttempts() {
        etcd.set(root + "/contended", "0");
        ConcurrentUpdateException e = assertThrows(ConcurrentUpdateException.class,
                () -> etcd.atomicUpdate(root + "/contended", 2, v -> {
                    etcd.set(root + "/contended", v + "!");   // another writer gets in every time
                    return v + "?";
                }));
        assertEquals(2, e.attempts());
        assertInstanceOf(CompareFailedException.class, e.getCause());
        assertEquals("0!!", etcd.get(root + "/contended").node().asValue().value());
    }

    @Test
    void asyncCallsCompleteWithTypedResultsAndErrors() throws Exception {
        AsyncEtcd async = etcd.async();
        assertEquals(Action.SET, async.set(root + "/async", "v").get().action());
        assertEquals("v", async.get(root + "/async").get().node().asValue().value());
        var failure = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> async.get(root + "/missing").get());
        assertInstanceOf(KeyNotFoundException.class, failure.getCause());
    }
}
