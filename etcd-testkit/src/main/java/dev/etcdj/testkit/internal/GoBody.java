package dev.etcdj.testkit.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request body on a kept-alive connection: exactly {@code Content-Length} bytes, or the decoded chunks of
 * {@code Transfer-Encoding: chunked}, or nothing. Before the first byte is read it runs a hook (the
 * {@code 100 Continue} that a client sending {@code Expect: 100-continue} waits for).
 */
final class GoBody extends InputStream {
    /** An action that may fail with an I/O error. */
    interface Hook {
        void run() throws IOException;
    }

    private final InputStream in;
    private final boolean chunked;
    private final Hook beforeFirstRead;
    private long remaining;   // in the current chunk, or of the whole body
    private final boolean expectsContinue;
    private boolean started;
    private boolean eof;

    private GoBody(InputStream in, boolean chunked, long length, Hook beforeFirstRead, boolean expectsContinue) {
        this.expectsContinue = expectsContinue;
        this.in = in;
        this.chunked = chunked;
        this.remaining = chunked ? 0 : length;
        this.eof = !chunked && length <= 0;
        this.beforeFirstRead = beforeFirstRead;
    }

    static GoBody of(InputStream in, GoRequest r, Hook beforeFirstRead) throws IOException {
        String te = r.header("Transfer-Encoding");
        if (te != null && te.equalsIgnoreCase("chunked")) {
            return new GoBody(in, true, 0, beforeFirstRead, r.hasToken("Expect", "100-continue"));
        }
        String cl = r.header("Content-Length");
        long length = 0;
        if (cl != null) {
            try {
                length = Long.parseLong(cl.trim());
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length: " + cl);
            }
        }
        return new GoBody(in, false, length, beforeFirstRead, r.hasToken("Expect", "100-continue"));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (eof) {
            return -1;
        }
        if (!started) {
            started = true;
            beforeFirstRead.run();
        }
        if (chunked && remaining == 0) {
            String size = GoHttpServer.line(in, 4096);
            if (size == null) {
                throw new IOException("connection closed in a chunked body");
            }
            int semi = size.indexOf(';');
            remaining = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (remaining == 0) {
                while (true) {   // trailers, up to the empty line
                    String t = GoHttpServer.line(in, 4096);
                    if (t == null || t.isEmpty()) {
                        break;
                    }
                }
                eof = true;
                return -1;
            }
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new IOException("connection closed in the body");
        }
        remaining -= n;
        if (remaining == 0) {
            if (chunked) {
                GoHttpServer.line(in, 2);
            } else {
                eof = true;
            }
        }
        return n;
    }

    /** Reads and drops what the handler left, at most {@code limit} bytes; whether the body ended. */
    boolean drain(long limit) throws IOException {
        if (eof) {
            return true;
        }
        if (!started) {
            if (expectsContinue) {
                return false;   // the client waits for a 100 Continue that was never sent: nothing follows
            }
            started = true;
        }
        byte[] buf = new byte[8192];
        long total = 0;
        while (total <= limit) {
            int n = read(buf, 0, buf.length);
            if (n < 0) {
                return true;
            }
            total += n;
        }
        return false;
    }
}
