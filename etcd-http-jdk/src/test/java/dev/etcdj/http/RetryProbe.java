package dev.etcdj.http;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run in a JVM of its own with {@code -Djdk.httpclient.enableAllMethodRetry=true}: a raw server answers a
 * GET on a kept-alive connection, then closes the connection on the PUT that follows without answering (a
 * stale pooled connection, as the JDK sees it). Prints how many complete PUTs arrived.
 */
public final class RetryProbe {
    private RetryProbe() {
    }

    public static void main(String[] args) throws Exception {
        AtomicInteger puts = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> serve(server, puts));
            t.setDaemon(true);
            t.start();
            try (Etcd etcd = Etcd.of(HttpAdapter.newBuilder().endpoints("http://127.0.0.1:" + server.getLocalPort()).build())) {
                etcd.get("/a");
                try {
                    etcd.set("/a", "v");
                } catch (EtcdException expected) {
                    // the answer is lost either way
                }
            }
            Thread.sleep(300);
        }
        System.out.println("PUTS=" + puts.get());
    }

    private static void serve(ServerSocket server, AtomicInteger puts) {
        while (true) {
            try (Socket s = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                OutputStream out = s.getOutputStream();
                while (true) {
                    String line = in.readLine();
                    if (line == null) {
                        break;
                    }
                    int length = 0;
                    for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                        if (h.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(h.substring(15).trim());
                        }
                    }
                    if (line.startsWith("GET")) {
                        String body = "{\"action\":\"get\",\"node\":{\"key\":\"/a\",\"value\":\"1\",\"modifiedIndex\":4,\"createdIndex\":4}}";
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                                + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        continue;
                    }
                    char[] buf = new char[length];
                    int read = 0;
                    while (read < length) {
                        int n = in.read(buf, read, length - read);
                        if (n < 0) {
                            break;
                        }
                        read += n;
                    }
                    if (read == length) {
                        puts.incrementAndGet();
                    }
                    break;   // close without an answer
                }
            } catch (Exception e) {
                return;
            }
        }
    }
}
