package dev.etcdj.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What etcd's client port does with HTTP/2 sent with prior knowledge: its connection multiplexer (cmux)
 * hands every connection that starts with the HTTP/2 preface to the gRPC server, which takes part in HTTP/2
 * (its settings, settings and ping acknowledgements) and resets every stream that is not gRPC with
 * {@code PROTOCOL_ERROR}. The fake serves no gRPC, so it resets every stream: a client that tries HTTP/2
 * on the v2 API sees what it sees against etcd (fixture 321: curl reports "stream 1 was not closed
 * cleanly: PROTOCOL_ERROR"), and the connection stays open until the client leaves or stays idle for
 * {@link GoHttpServer#IDLE_TIMEOUT_MILLIS}.
 */
final class GrpcPreface {
    /** The preface's request line, as an HTTP/1 reader sees it; the preface goes on with {@link #REST}. */
    static final String REQUEST_LINE = "PRI * HTTP/2.0";
    private static final byte[] REST = "\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final int HEADERS = 0x1;
    private static final int RST_STREAM = 0x3;
    private static final int SETTINGS = 0x4;
    private static final int PING = 0x6;
    private static final int GOAWAY = 0x7;
    private static final int ACK = 0x1;
    private static final int PROTOCOL_ERROR = 0x1;
    private static final int FRAME_SIZE_ERROR = 0x6;
    private static final int MAX_FRAME_SIZE = 16_384;
    /** gRPC's settings as etcd 3.4 sends them: MAX_FRAME_SIZE 16384, MAX_CONCURRENT_STREAMS 2^32 - 1. */
    private static final byte[] SERVER_SETTINGS = {0, 5, 0, 0, 0x40, 0, 0, 3, -1, -1, -1, -1};

    private GrpcPreface() {
    }

    /**
     * Serves the connection after the request line of its preface was read.
     * Returns when the client closes the connection, says goodbye or breaks the framing.
     */
    static void serve(Socket s, InputStream in, OutputStream out) throws IOException {
        if (!Arrays.equals(in.readNBytes(REST.length), REST)) {
            return;   // not a preface after all: gRPC closes the connection
        }
        s.setSoTimeout(GoHttpServer.IDLE_TIMEOUT_MILLIS);
        frame(out, SETTINGS, 0, 0, SERVER_SETTINGS);
        while (true) {
            byte[] head = in.readNBytes(9);
            if (head.length < 9) {
                return;
            }
            int length = (head[0] & 0xff) << 16 | (head[1] & 0xff) << 8 | head[2] & 0xff;
            int type = head[3] & 0xff;
            int flags = head[4] & 0xff;
            int stream = (head[5] & 0x7f) << 24 | (head[6] & 0xff) << 16 | (head[7] & 0xff) << 8 | head[8] & 0xff;
            if (length > MAX_FRAME_SIZE) {
                frame(out, GOAWAY, 0, 0, concat(int32(0), int32(FRAME_SIZE_ERROR)));
                return;
            }
            byte[] payload = in.readNBytes(length);
            if (payload.length < length) {
                return;
            }
            switch (type) {
                case SETTINGS -> {
                    if ((flags & ACK) == 0) {
                        frame(out, SETTINGS, ACK, 0, new byte[0]);
                    }
                }
                case PING -> {
                    if ((flags & ACK) == 0) {
                        frame(out, PING, ACK, 0, payload);
                    }
                }
                case HEADERS -> frame(out, RST_STREAM, 0, stream, int32(PROTOCOL_ERROR));
                case GOAWAY -> {
                    return;
                }
                default -> {
                    // data, window updates, priorities: nothing to answer
                }
            }
        }
    }

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        byte[] head = {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
                (byte) type, (byte) flags, (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8),
                (byte) stream};
        out.write(concat(head, payload));
        out.flush();
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
