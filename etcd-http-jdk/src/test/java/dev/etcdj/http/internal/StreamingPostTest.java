package dev.etcdj.http.internal;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The streamed answer of one POST, read line by line across chunks, against a hand-written server. */
class StreamingPostTest {
    private static final long SOON = TimeUnit.SECONDS.toNanos(5);

    /** Reads the request head and body, then writes {@code answer} in the pieces given, flushing each. */
    private static CompletableFuture<String> serve(ServerSocket listener, List<String> answer) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = listener.accept()) {
                InputStream in = s.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                int length = 0;
                StringBuilder line = new StringBuilder();
                for (int c; (c = in.read()) >= 0; ) {
                    head.write(c);
                    if (c == '\n') {
                        String l = line.toString().trim();
                        if (l.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(l.substring(15).trim());
                        }
                        if (l.isEmpty()) {
                            break;
                        }
                        line.setLength(0);
                    } else {
                        line.append((char) c);
                    }
                }
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                OutputStream out = s.getOutputStream();
                for (String piece : answer) {
                    out.write(piece.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(20);
                }
                return head.toString(StandardCharsets.US_ASCII) + body;
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void linesAreJoinedAcrossChunksAndBlankLinesSkipped() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> request = serve(listener, List.of(
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                    "6\r\n{\"a\":1\r\n", "3\r\n}\n\n\r\n", "8\r\n{\"b\":\"é\r\n", "3\r\n\"}\n\r\n", "0\r\n\r\n"));
            try (StreamingPost p = StreamingPost.open("http://127.0.0.1:" + listener.getLocalPort(), "/v3/watch",
                    "{\"create_request\":{}}", List.<String[]>of(new String[] {"Authorization", "tok.1"}), 2000, null,
                    System.nanoTime() + SOON, 1 << 20)) {
                assertEquals("{\"a\":1}", p.receiveText(System.nanoTime() + SOON));
                assertEquals("{\"b\":\"é\"}", p.receiveText(System.nanoTime() + SOON), "UTF-8 split over chunks");
                assertThrows(EOFException.class, () -> p.receiveText(System.nanoTime() + SOON), "the last chunk ends it");
            }
            String sent = request.get(5, TimeUnit.SECONDS);
            assertTrue(sent.startsWith("POST /v3/watch HTTP/1.1\r\n"), sent);
            assertTrue(sent.contains("Authorization: tok.1\r\n"), sent);
            assertTrue(sent.endsWith("{\"create_request\":{}}"), sent);
        }
    }

    @Test
    void anotherStatusIsAnExceptionWithTheBody() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            serve(listener, List.of("HTTP/1.1 401 Unauthorized\r\nContent-Length: 52\r\n\r\n",
                    "{\"code\":16,\"message\":\"etcdserver: invalid auth token\"}"));
            StreamingPost.StatusException e = assertThrows(StreamingPost.StatusException.class,
                    () -> StreamingPost.open("http://127.0.0.1:" + listener.getLocalPort(), "/v3/watch", "{}", List.of(),
                            2000, null, System.nanoTime() + SOON, 1 << 20));
            assertEquals(401, e.status());
            assertTrue(e.body().contains("invalid auth token"), e.body());
        }
    }
}
