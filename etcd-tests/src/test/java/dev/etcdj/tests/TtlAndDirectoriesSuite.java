package dev.etcdj.tests;

import static dev.etcdj.api.Option.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.etcdj.api.*;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** TTLs, refresh, directory TTLs, in-order keys and hidden keys against a real etcd. */
abstract class TtlAndDirectoriesSuite extends BackendSuite {
    String root = RealEtcd.unique("ttl");

    TtlAndDirectoriesSuite(Backend backend) {
        super(backend);
    }

    @Test
    void ttlSetsExpirationAndAPlainSetRemovesIt() {
        EtcdResult r = etcd.set(root + "/k", "v", ttl(Duration.ofSeconds(30)));
        Value v = r.node().asValue();
        Instant exp = v.expiration().orElseThrow();
        assertTrue(exp.isAfter(Instant.now().plusSeconds(25)) && exp.isBefore(Instant.now().plusSeconds(35)), exp.toString());
        assertEquals(Duration.ofSeconds(30), v.ttl().orElseThrow());
        Value permanent = etcd.set(root + "/k", "v2").node().asValue();
        assertTrue(permanent.expiration().isEmpty(), "omitting ttl makes the key permanent");
    }

    @Test
    void ttlExpiryIsObservedThroughAWatch() {
        EtcdResult r = etcd.set(root + "/short", "bye", ttl(Duration.ofSeconds(1)));
        EtcdResult event = etcd.waitFor(root + "/short", afterIndex(r.node().modifiedIndex()), timeout(Duration.ofSeconds(10)));
        Expired expired = assertInstanceOf(Expired.class, event);
        assertEquals(root + "/short", expired.node().key());
        assertEquals("bye", expired.prevNode().orElseThrow().asValue().value());
        assertFalse(etcd.exists(root + "/short"));
    }

    @Test
    void refreshKeepsValueAndCreatedIndexAndWakesNoWatcher() throws Exception {
        EtcdResult w = etcd.set(root + "/lease", "holder", ttl(Duration.ofSeconds(5)));
        var watcher = etcd.async().waitFor(root + "/lease", afterIndex(w.node().modifiedIndex()));
        Updated refreshed = assertInstanceOf(Updated.class, etcd.refresh(root + "/lease", Duration.ofSeconds(60)));
        Value v = refreshed.node().asValue();
        assertEquals("holder", v.value());
        assertEquals(w.node().createdIndex(), v.createdIndex());
        assertTrue(v.ttl().orElseThrow().getSeconds() > 55);
        EtcdResult next = etcd.set(root + "/lease", "next");
        EtcdResult seen = watcher.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(next.node().modifiedIndex(), seen.node().modifiedIndex(), "the watcher saw the set, not the refresh");
    }

    @Test
    void refreshWithAConditionIsACompareAndSwap() {
        etcd.set(root + "/cr", "me", ttl(Duration.ofSeconds(5)));
        assertInstanceOf(ComparedThenSwapped.class, etcd.compareAndRefresh(root + "/cr", Duration.ofSeconds(9), prevValue("me")));
        assertThrows(CompareFailedException.class, () -> etcd.compareAndRefresh(root + "/cr", Duration.ofSeconds(9), prevValue("you")));
        assertThrows(KeyNotFoundException.class, () -> etcd.refresh(root + "/nothing", Duration.ofSeconds(9)));
    }

    @Test
    void directoryTtlCanBeSetChangedAndRemovedKeepingChildren() {
        etcd.mkdir(root + "/d", ttl(Duration.ofSeconds(30)));
        etcd.set(root + "/d/child", "c");
        Updated u = etcd.updateDirectoryTtl(root + "/d", Duration.ofSeconds(100));
        assertTrue(u.node().ttl().orElseThrow().getSeconds() > 90);
        etcd.removeTtl(root + "/d");
        Directory d = etcd.get(root + "/d").node().asDirectory();
        assertTrue(d.expiration().isEmpty());
        assertEquals("c", d.child("child").orElseThrow().asValue().value());
    }

    @Test
    void removeTtlOnAFileKeepsTheValue() {
        etcd.set(root + "/f", "keep", ttl(Duration.ofSeconds(30)));
        ComparedThenSwapped r = assertInstanceOf(ComparedThenSwapped.class, etcd.removeTtl(root + "/f"));
        assertEquals("keep", r.node().asValue().value());
        assertTrue(etcd.get(root + "/f").node().expiration().isEmpty());
    }

    @Test
    void directoryExpiryTakesItsSubtreeAndNotifiesWatchersInside() {
        EtcdResult m = etcd.mkdir(root + "/gone", ttl(Duration.ofSeconds(1)));
        etcd.set(root + "/gone/inner", "x");
        EtcdResult event = etcd.waitFor(root + "/gone/inner", afterIndex(m.node().modifiedIndex() + 1),
                timeout(Duration.ofSeconds(10)));
        assertInstanceOf(Expired.class, event);
        assertEquals(root + "/gone", event.node().key(), "the event names the expired directory");
        assertTrue(event.node().isDirectory());
    }

    @Test
    void appendCreatesIncreasingInOrderKeys() {
        Created a = etcd.append(root + "/q", "job-1");
        Created b = etcd.append(root + "/q", "job-2", ttl(Duration.ofSeconds(60)));
        Created c = etcd.appendDirectory(root + "/q");
        assertEquals(String.format("%020d", a.node().createdIndex()), a.node().name());
        assertTrue(b.node().name().compareTo(a.node().name()) > 0);
        assertTrue(b.node().expiration().isPresent());
        assertTrue(c.node().isDirectory());
        List<String> order = etcd.get(root + "/q", recursive(), sorted()).node().asDirectory().children().stream()
                .map(Node::key).collect(Collectors.toList());
        assertEquals(List.of(a.node().key(), b.node().key(), c.node().key()), order);
        etcd.set(root + "/file", "f");
        NotADirectoryException e = assertThrows(NotADirectoryException.class, () -> etcd.append(root + "/file", "x"));
        assertEquals(root + "/file", e.errorCause());
    }

    @Test
    void hiddenKeysAreLeftOutOfListingsButReadableDirectly() {
        etcd.set(root + "/h/visible", "v");
        etcd.set(root + "/h/_hidden", "h");
        etcd.set(root + "/h/_hiddendir/x", "x");
        Directory d = etcd.get(root + "/h", recursive()).node().asDirectory();
        assertEquals(List.of("visible"), d.children().stream().map(Node::name).collect(Collectors.toList()));
        Value hidden = etcd.get(root + "/h/_hidden").node().asValue();
        assertTrue(hidden.isHidden());
        assertEquals("h", hidden.value());
        assertEquals(List.of("x"), etcd.get(root + "/h/_hiddendir").node().asDirectory().children().stream()
                .map(Node::name).collect(Collectors.toList()));
    }
}
