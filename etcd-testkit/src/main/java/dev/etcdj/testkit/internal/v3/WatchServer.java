package dev.etcdj.testkit.internal.v3;

import dev.etcdj.api.EtcdException;
import dev.etcdj.testkit.internal.GoExchange;
import dev.etcdj.v3.EtcdV3ServerException;
import dev.etcdj.v3.Header;
import dev.etcdj.v3.WatchEvent;
import dev.etcdj.v3.spi.WatchListener;
import dev.etcdj.v3.spi.WatchRequest;
import dev.etcdj.v3.spi.WatchStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The fake's {@code /v3/watch} as the gateway serves it ({@code v3rpc/watch.go} behind grpc-websocket-proxy
 * or a plain POST): over a WebSocket, any number of watches on one connection, each {@code WatchRequest}
 * in a text frame (create with an id of the client's or the next free one, cancel, progress) and one
 * {@code {"result":...}} per frame back; over a POST, the one watch its body creates, streamed as lines
 * until the client goes. Changes are queued by the fake under its lock and written by the connection's
 * own thread, so a slow client never holds the fake.
 */
final class WatchServer {
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final V3Server server;
    private final String token;
    private final LinkedBlockingQueue<String> out = new LinkedBlockingQueue<>();
    private final Map<Long, WatchStream> watches = new ConcurrentHashMap<>();
    private long nextId;
    private volatile boolean gone;

    private WatchServer(V3Server server, String token) {
        this.server = server;
        this.token = token;
    }

    /** Serves a WebSocket watch connection: the upgrade, then frames until either side closes. */
    static void webSocket(V3Server server, GoExchange x, String token) throws IOException {
        String key = x.requestHeader("Sec-WebSocket-Key");
        if (key == null || !"websocket".equalsIgnoreCase(x.requestHeader("Upgrade"))) {
            x.sendHeaders(400, -1);
            return;
        }
        Socket socket = x.hijack();
        InputStream in = x.hijackedInput();
        OutputStream raw = socket.getOutputStream();
        raw.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        raw.flush();
        WatchServer ws = new WatchServer(server, token);
        Thread writer = new Thread(() -> ws.write(text -> frame(raw, 0x1, text.getBytes(StandardCharsets.UTF_8))), "fake-etcd-v3-watch-out");
        writer.setDaemon(true);
        writer.start();
        try {
            while (true) {
                String message = readMessage(in, raw);
                if (message == null) {
                    return;
                }
                ws.request(message);
            }
        } finally {
            ws.end();
            socket.close();
        }
    }

    /** Serves a POST watch: the body's one create request, then its answers as lines until the client goes. */
    static void post(V3Server server, GoExchange x, String token, String body) throws IOException {
        WatchServer ws = new WatchServer(server, token);
        x.sendHeaders(200, 0);
        OutputStream chunks = x.responseBody();
        ws.request(body);
        Thread watcher = new Thread(() -> {
            while (!ws.gone) {
                if (x.clientGone()) {
                    ws.gone = true;
                    ws.out.offer("");
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fake-etcd-v3-watch-post");
        watcher.setDaemon(true);
        try {
            ws.write(text -> {
                chunks.write((text + "\n").getBytes(StandardCharsets.UTF_8));
                chunks.flush();
            });
        } finally {
            ws.end();
            watcher.interrupt();
        }
    }

    private interface Sink {
        void send(String text) throws IOException;
    }

    /** Writes what the watches queue until the connection goes. */
    private void write(Sink sink) {
        try {
            while (!gone) {
                String text = out.poll(200, TimeUnit.MILLISECONDS);
                if (text != null && !text.isEmpty()) {
                    sink.send(text);
                }
            }
        } catch (IOException | InterruptedException e) {
            gone = true;
        }
    }

    private void end() {
        gone = true;
        out.offer("");
        for (WatchStream w : watches.values()) {
            w.close();
        }
        watches.clear();
    }

    /** One {@code WatchRequest}. */
    private void request(String message) {
        ProtoJsonIn r;
        try {
            r = ProtoJsonIn.parse(message);
        } catch (IllegalArgumentException e) {
            return;   // grpc-gateway drops what it cannot read
        }
        ProtoJsonIn create = r.object("create_request");
        ProtoJsonIn cancel = r.object("cancel_request");
        if (create != null) {
            create(create);
        } else if (cancel != null) {
            WatchStream w = watches.remove(cancel.int64("watch_id"));
            if (w != null) {   // an unknown id is silent, as etcd's
                w.close();
                out.offer(ProtoJsonOut.watch(server.header(), cancel.int64("watch_id"), false, true, 0, "", List.of()));
            }
        } else if (r.object("progress_request") != null) {
            out.offer(ProtoJsonOut.watch(server.header(), -1, false, false, 0, "", List.of()));
        }
    }

    private synchronized void create(ProtoJsonIn create) {
        long id = create.int64("watch_id");
        if (id == 0) {
            while (watches.containsKey(nextId)) {
                nextId++;
            }
            id = nextId++;
        }
        long watchId = id;
        WatchRequest request;
        try {
            request = create.watchCreate();
        } catch (IllegalArgumentException e) {
            out.offer(ProtoJsonOut.watch(server.header(), -1, true, true, 0, e.getMessage(), List.of()));
            return;
        }
        if (watches.containsKey(watchId)) {
            out.offer(ProtoJsonOut.watch(server.header(), -1, true, true, 0, "etcdserver: duplicate watch ID", List.of()));
            return;
        }
        Listener listener = new Listener(watchId);
        try {
            WatchStream w = server.watch(token, request, listener, request + " at the fake");
            watches.put(watchId, w);
            synchronized (server) {   // the fake's lock: no change is delivered while the creation is announced
                Header h = server.header();
                listener.announce(new Header(h.clusterId(), h.memberId(), w.createdRevision(), h.raftTerm()));
            }
        } catch (EtcdV3ServerException e) {
            out.offer(ProtoJsonOut.watch(server.header(), -1, true, true, 0, e.serverMessage(), List.of()));
        }
    }

    /**
     * One watch's answers. Its history may come while it is created, before etcd's {@code created} answer
     * is written: held until then. Called under the fake's lock.
     */
    private final class Listener implements WatchListener {
        private final long watchId;
        private final List<String> early = new java.util.ArrayList<>();
        private Header created;

        Listener(long watchId) {
            this.watchId = watchId;
        }

        void announce(Header h) {
            created = h;
            out.offer(ProtoJsonOut.watch(h, watchId, true, false, 0, "", List.of()));
            early.forEach(out::offer);
            early.clear();
        }

        private void send(String text) {
            if (created != null) {
                out.offer(text);
            } else {
                early.add(text);
            }
        }

        @Override
        public void onEvents(Header header, List<WatchEvent> events) {
            send(ProtoJsonOut.watch(header, watchId, false, false, 0, "", events));
        }

        @Override
        public void onProgress(Header header) {
            send(ProtoJsonOut.watch(header, watchId, false, false, 0, "", List.of()));
        }

        @Override
        public void onEnd(long compactRevision, EtcdException failure) {
            watches.remove(watchId);
            Header h = server.header();
            // a compaction cancel carries no revision, as etcd's
            send(ProtoJsonOut.watch(new Header(h.clusterId(), h.memberId(), 0, h.raftTerm()), watchId, false, true,
                    compactRevision, failure == null ? "" : failure.getMessage(), List.of()));
        }
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** Reads one message from the client (masked frames), answering pings; null when it closes. */
    private static String readMessage(InputStream in, OutputStream raw) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) {
                return null;
            }
            long len = b1 & 0x7f;
            if (len == 126) {
                len = (in.read() << 8) | in.read();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = len << 8 | in.read();
                }
            }
            if (len < 0 || len > 16 << 20) {
                throw new IOException("a frame too large");
            }
            byte[] mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : new byte[4];
            byte[] payload = in.readNBytes((int) len);
            if (payload.length < len) {
                return null;
            }
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
            int opcode = b0 & 0x0f;
            if (opcode == 0x8) {
                synchronized (raw) {
                    frame(raw, 0x8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                }
                return null;
            } else if (opcode == 0x9) {
                frame(raw, 0xA, payload);
            } else if (opcode <= 0x2) {
                message.write(payload);
                if ((b0 & 0x80) != 0) {
                    return message.toString(StandardCharsets.UTF_8);
                }
            }
        }
    }

    /** Writes one unmasked frame, as a server does. */
    private static void frame(OutputStream raw, int opcode, byte[] payload) throws IOException {
        synchronized (raw) {
            int n = payload.length;
            raw.write(0x80 | opcode);
            if (n < 126) {
                raw.write(n);
            } else if (n <= 0xffff) {
                raw.write(126);
                raw.write(n >>> 8);
                raw.write(n);
            } else {
                raw.write(127);
                for (int i = 7; i >= 0; i--) {
                    raw.write((int) ((long) n >>> (8 * i)));
                }
            }
            raw.write(payload);
            raw.flush();
        }
    }
}
