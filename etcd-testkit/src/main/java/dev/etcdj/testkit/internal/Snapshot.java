package dev.etcdj.testkit.internal;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fake's store on disk, for {@code --data-dir}: the index and every node (hidden ones too) with its
 * indexes and expiration, one line a node, written to a temporary file and moved into place, so a stop
 * leaves either the old snapshot or the new one. Keys and values are Base64 (URL alphabet), so any byte
 * survives.
 */
public final class Snapshot {
    /** The file name inside the data directory. */
    public static final String FILE = "etcdj-fake-store";
    private static final String MAGIC = "etcdj-fake-store 1";

    private Snapshot() {
    }

    /** Writes {@code store} into {@code dataDir}. */
    public static void save(Store store, Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path tmp = dataDir.resolve(FILE + ".tmp");
        Store.NodeView root;
        long index;
        synchronized (store) {
            root = store.dump();
            index = store.index();
        }
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(MAGIC + " " + index + "\n");
            Deque<Store.NodeView> todo = new ArrayDeque<>();
            if (root.nodes() != null) {
                root.nodes().forEach(todo::addLast);
            }
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            while (!todo.isEmpty()) {
                Store.NodeView n = todo.removeFirst();
                w.write((n.dir() ? "D " : "F ") + n.createdIndex() + " " + n.modifiedIndex() + " "
                        + (n.expiration() == null ? "-" : n.expiration().getEpochSecond() + "." + n.expiration().getNano()) + " "
                        + b64.encodeToString(n.key().getBytes(StandardCharsets.UTF_8)) + " "
                        + (n.dir() ? "-" : b64.encodeToString(n.value().getBytes(StandardCharsets.UTF_8))) + "\n");
                if (n.nodes() != null) {
                    n.nodes().forEach(todo::addLast);
                }
            }
        }
        Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Loads a snapshot from {@code dataDir} into {@code store}; returns false if there is none. */
    public static boolean load(Store store, Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return false;
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String head = r.readLine();
            if (head == null || !head.startsWith(MAGIC + " ")) {
                throw new IOException(file + " is not a fake etcd store");
            }
            long index = Long.parseLong(head.substring(MAGIC.length() + 1).trim());
            Base64.Decoder b64 = Base64.getUrlDecoder();
            Map<String, List<Store.NodeView>> children = new HashMap<>();
            List<String[]> lines = new ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(" ");
                if (f.length != 6) {
                    throw new IOException(file + ": a damaged line");
                }
                lines.add(f);
            }
            // Build bottom-up: children lists first, then the views that hold them.
            Map<String, Store.NodeView> views = new HashMap<>();
            for (int i = lines.size() - 1; i >= 0; i--) {
                String[] f = lines.get(i);
                String key = new String(b64.decode(f[4]), StandardCharsets.UTF_8);
                boolean dir = f[0].equals("D");
                Instant exp = f[3].equals("-") ? null : Instant.ofEpochSecond(Long.parseLong(f[3].substring(0, f[3].indexOf('.'))),
                        Long.parseLong(f[3].substring(f[3].indexOf('.') + 1)));
                String value = dir ? null : new String(b64.decode(f[5]), StandardCharsets.UTF_8);
                List<Store.NodeView> kids = dir ? children.getOrDefault(key, new ArrayList<>()) : null;
                if (kids != null) {
                    java.util.Collections.reverse(kids);
                }
                Store.NodeView v = new Store.NodeView(key, value, dir, exp, 0, kids, Long.parseLong(f[2]), Long.parseLong(f[1]));
                views.put(key, v);
                String parent = key.substring(0, key.lastIndexOf('/'));
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(v);
            }
            List<Store.NodeView> top = children.getOrDefault("", new ArrayList<>());
            java.util.Collections.reverse(top);
            store.restore(new Store.NodeView("", null, true, null, 0, top, 0, 0), index);
            return true;
        }
    }
}
