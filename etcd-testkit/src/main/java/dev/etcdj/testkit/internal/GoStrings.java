package dev.etcdj.testkit.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Go strings are bytes: a key with invalid UTF-8 is stored as it came. Java strings are UTF-16, so each
 * invalid byte is kept as a lone surrogate {@code U+DC80..U+DCFF} (Python's "surrogateescape"): keys
 * keep their identity, and {@link GoJson} writes such a byte as {@code \ufffd}, as Go's encoder does.
 */
public final class GoStrings {
    private GoStrings() {
    }

    /** Decodes UTF-8, escaping each invalid byte as a lone surrogate. */
    public static String decode(byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        while (true) {
            CoderResult r = d.decode(in, out, true);
            if (r.isUnderflow()) {
                break;
            }
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) {
                    out.put((char) (0xDC00 | (in.get() & 0xff)));
                }
            }
        }
        d.flush(out);
        out.flip();
        return out.toString();
    }
}
