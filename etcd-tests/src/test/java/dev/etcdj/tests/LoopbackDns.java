package dev.etcdj.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A DNS server for tests on a loopback UDP port: it answers SRV questions from its table (NXDOMAIN for
 * names it does not have) and nothing else, so discovery is tested without the machine's resolver.
 */
final class LoopbackDns implements AutoCloseable {
    /** One SRV record. */
    record Srv(int priority, int weight, int port, String target) {
    }

    private final DatagramSocket socket;
    private final Map<String, List<Srv>> records = new ConcurrentHashMap<>();
    private final Thread thread;

    LoopbackDns() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "loopback-dns");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", socket.getLocalPort());
    }

    void srv(String name, Srv... answers) {
        records.put(name.toLowerCase(Locale.ROOT), List.of(answers));
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket query = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(query);
                byte[] answer = answer(ByteBuffer.wrap(query.getData(), 0, query.getLength()));
                socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private byte[] answer(ByteBuffer q) {
        int id = q.getShort() & 0xffff;
        int flags = q.getShort() & 0xffff;
        q.position(12);
        StringBuilder name = new StringBuilder();
        for (int len = q.get() & 0xff; len != 0; len = q.get() & 0xff) {
            byte[] label = new byte[len];
            q.get(label);
            name.append(name.length() == 0 ? "" : ".").append(new String(label, StandardCharsets.US_ASCII));
        }
        int qtype = q.getShort() & 0xffff;
        q.getShort();   // class IN
        int questionEnd = q.position();
        List<Srv> found = qtype == 33 ? records.get(name.toString().toLowerCase(Locale.ROOT)) : null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(12);
        header.putShort((short) id);
        header.putShort((short) (0x8000 | 0x0400 | (flags & 0x0100) | 0x0080 | (found == null ? 3 : 0)));
        header.putShort((short) 1).putShort((short) (found == null ? 0 : found.size())).putShort((short) 0).putShort((short) 0);
        out.writeBytes(header.array());
        out.write(q.array(), q.arrayOffset() + 12, questionEnd - 12);
        if (found != null) {
            for (Srv s : found) {
                byte[] target = encodeName(s.target());
                ByteBuffer rr = ByteBuffer.allocate(12 + 6 + target.length);
                rr.putShort((short) 0xc00c).putShort((short) 33).putShort((short) 1).putInt(60)
                        .putShort((short) (6 + target.length));
                rr.putShort((short) s.priority()).putShort((short) s.weight()).putShort((short) s.port()).put(target);
                out.writeBytes(rr.array());
            }
        }
        return out.toByteArray();
    }

    private static byte[] encodeName(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String label : name.split("\\.")) {
            out.write(label.length());
            out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        out.write(0);
        return out.toByteArray();
    }

    @Override
    public void close() {
        socket.close();
    }
}
