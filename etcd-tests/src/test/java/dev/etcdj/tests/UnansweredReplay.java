package dev.etcdj.tests;

import dev.etcdj.http.internal.Fixture;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Replays the recorded exchanges etcd did not answer in HTTP/1.1 (their status line is {@code < (what
 * happened)}) and checks that the fake does what etcd did: closes the connection without a byte (fixture
 * 154, a request line Go cannot parse) or, for HTTP/2 with prior knowledge (fixture 321), answers in
 * HTTP/2 and resets the stream with {@code PROTOCOL_ERROR}, as curl reported it.
 */
final class UnansweredReplay {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADERS = 0x1;
    private static final int RST_STREAM = 0x3;
    private static final int SETTINGS = 0x4;

    private UnansweredReplay() {
    }

    /** Replays {@code f} against the server at {@code url}; returns null when the fake did as etcd did, else what differed. */
    static String replay(Fixture f, URI url) throws IOException {
        if (f.outcome().contains("closed the connection without answering")) {
            return closedWithoutAnswer(f, url);
        }
        if (f.outcome().contains("HTTP/2 stream 1 was not closed cleanly: PROTOCOL_ERROR (err 1)")) {
            return resetInHttp2(f, url);
        }
        return f.name() + ": no replay for the outcome " + f.outcome();
    }

    private static String closedWithoutAnswer(Fixture f, URI url) throws IOException {
        try (Socket s = connect(url)) {
            s.getOutputStream().write((f.method() + " " + f.target() + " HTTP/1.1\r\nHost: " + url.getAuthority()
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            byte[] answer = s.getInputStream().readAllBytes();
            return answer.length == 0 ? null
                    : f.name() + ": answered " + new String(answer, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
        } catch (SocketTimeoutException e) {
            return f.name() + ": the connection stayed open";
        }
    }

    private static String resetInHttp2(Fixture f, URI url) throws IOException {
        try (Socket s = connect(url)) {
            OutputStream out = s.getOutputStream();
            out.write(PREFACE);
            frame(out, SETTINGS, 0, 0, new byte[0]);
            ByteArrayOutputStream block = new ByteArrayOutputStream();
            block.write(new byte[] {(byte) 0x82, (byte) 0x86});   // HPACK: :method GET, :scheme http
            literal(block, 0x44, f.path());                          // :path
            literal(block, 0x41, url.getAuthority());                // :authority
            frame(out, HEADERS, 0x5, 1, block.toByteArray());        // END_STREAM | END_HEADERS
            DataInputStream in = new DataInputStream(s.getInputStream());
            while (true) {
                byte[] head = new byte[9];
                in.readFully(head);
                if (new String(head, 0, 4, StandardCharsets.ISO_8859_1).equals("HTTP")) {
                    return f.name() + ": answered in HTTP/1.1";
                }
                int length = (head[0] & 0xff) << 16 | (head[1] & 0xff) << 8 | head[2] & 0xff;
                int type = head[3];
                int stream = (head[5] & 0x7f) << 24 | (head[6] & 0xff) << 16 | (head[7] & 0xff) << 8 | head[8] & 0xff;
                byte[] payload = in.readNBytes(length);
                if (type == RST_STREAM) {
                    int code = payload.length == 4 ? new DataInputStream(new java.io.ByteArrayInputStream(payload)).readInt() : -1;
                    return stream == 1 && code == 1 ? null
                            : f.name() + ": RST_STREAM on stream " + stream + " with code " + code;
                }
                if (type != SETTINGS) {
                    return f.name() + ": HTTP/2 frame of type " + type + " before the reset";
                }
            }
        } catch (EOFException | SocketTimeoutException e) {
            return f.name() + ": no RST_STREAM for stream 1 (" + e + ")";
        }
    }

    private static Socket connect(URI url) throws IOException {
        Socket s = new Socket(url.getHost(), url.getPort());
        s.setSoTimeout(5000);
        return s;
    }

    private static void literal(ByteArrayOutputStream block, int indexedName, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        block.write(indexedName);
        block.write(v.length);   // no Huffman coding; every value here is shorter than 127 bytes
        block.writeBytes(v);
    }

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        out.write(new byte[] {0, (byte) (payload.length >>> 8), (byte) payload.length, (byte) type, (byte) flags,
                0, 0, 0, (byte) stream});
        out.write(payload);
        out.flush();
    }
}
