package dev.etcdj.v3;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable run of bytes: an etcd v3 key or value. etcd orders keys by their bytes, unsigned, and so
 * does {@link #compareTo}. Made from a {@code String} (UTF-8) or a {@code byte[]} (copied); read back with
 * {@link #asString()} or {@link #toByteArray()} (a copy).
 *
 * <p>{@link #toString()} shows the text when the bytes are printable UTF-8, else hex; it is meant for keys
 * in messages, so mind values that are secrets. Thread-safe.
 */
public final class ByteSequence implements Comparable<ByteSequence> {
    /** The empty sequence. */
    public static final ByteSequence EMPTY = new ByteSequence(new byte[0]);
    /** The single zero byte: as a range end, "every key from the start key on" (etcd's {@code \0}). */
    public static final ByteSequence ZERO = new ByteSequence(new byte[] {0});

    private final byte[] bytes;
    private int hash;

    private ByteSequence(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * {@return the UTF-8 bytes of {@code text}}
     *
     * @param text any string without unpaired surrogates
     * @throws IllegalArgumentException if {@code text} has an unpaired surrogate, which UTF-8 cannot carry
     */
    public static ByteSequence of(String text) {
        Objects.requireNonNull(text, "text == null");
        try {
            java.nio.ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(java.nio.CharBuffer.wrap(text));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return new ByteSequence(out);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("text has an unpaired surrogate, which is not valid Unicode and "
                    + "cannot be sent as UTF-8");
        }
    }

    /**
     * {@return a copy of {@code bytes}}
     *
     * @param bytes the bytes; copied, so later changes to the array do not show
     */
    public static ByteSequence of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes == null");
        return bytes.length == 0 ? EMPTY : new ByteSequence(bytes.clone());
    }

    /** Wraps an array nobody else holds; for this module's decoders. */
    static ByteSequence wrap(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new ByteSequence(bytes);
    }

    /** {@return how many bytes there are} */
    public int size() {
        return bytes.length;
    }

    /** {@return whether there are none} */
    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /**
     * {@return the byte at {@code index}}
     *
     * @param index from 0 to {@code size() - 1}
     */
    public byte byteAt(int index) {
        return bytes[index];
    }

    /** {@return a copy of the bytes} */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** {@return the bytes decoded as UTF-8, malformed input replaced by U+FFFD} */
    public String asString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * {@return whether these bytes start with {@code prefix}}
     *
     * @param prefix the prefix
     */
    public boolean startsWith(ByteSequence prefix) {
        return prefix.bytes.length <= bytes.length
                && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
    }

    /**
     * {@return this followed by {@code suffix}}
     *
     * @param suffix the bytes to append
     */
    public ByteSequence concat(ByteSequence suffix) {
        byte[] out = Arrays.copyOf(bytes, bytes.length + suffix.bytes.length);
        System.arraycopy(suffix.bytes, 0, out, bytes.length, suffix.bytes.length);
        return wrap(out);
    }

    /**
     * {@return the range end that covers every key starting with these bytes, as etcd's clients compute it:
     * the last byte below 0xff incremented and what follows dropped; {@link #ZERO} (every key) when every
     * byte is 0xff or there are none}
     */
    public ByteSequence prefixEnd() {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] != (byte) 0xff) {
                byte[] end = Arrays.copyOf(bytes, i + 1);
                end[i]++;
                return wrap(end);
            }
        }
        return ZERO;
    }

    /** Compares as etcd orders keys: byte by byte, unsigned, a prefix first. */
    @Override
    public int compareTo(ByteSequence other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteSequence b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(bytes);
            hash = h;
        }
        return h;
    }

    /** {@return the text when the bytes are printable UTF-8, else {@code 0x} and hex} */
    @Override
    public String toString() {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            if (s.codePoints().noneMatch(Character::isISOControl)) {
                return s;
            }
        } catch (CharacterCodingException e) {
            // not text: hex below
        }
        return "0x" + HexFormat.of().formatHex(bytes);
    }
}
