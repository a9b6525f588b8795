package dev.etcdj.mapper;

/**
 * Turns values of one type into the text of an etcd key and back. Register it with
 * {@link EtcdMapper.Builder#codec(Class, Codec)} or name it with {@link EtcdCodec}. Implementations must be
 * thread-safe and round-trip: {@code decode(encode(v))} equals {@code v}.
 *
 * @param <T> the value type
 */
public interface Codec<T> {
    /**
     * {@return the text stored for {@code value} (never called with {@code null})}
     *
     * @param value the value
     */
    String encode(T value);

    /**
     * {@return the value stored as {@code text}}
     *
     * @param text the stored text
     * @throws RuntimeException of any kind if the text is not a valid value; the mapper reports it with the
     *     component, key and raw text
     */
    T decode(String text);

    /**
     * {@return a codec from two functions}
     *
     * @param <T> the value type
     * @param encode value to text
     * @param decode text to value
     */
    static <T> Codec<T> of(java.util.function.Function<T, String> encode, java.util.function.Function<String, T> decode) {
        return new Codec<>() {
            @Override
            public String encode(T value) {
                return encode.apply(value);
            }

            @Override
            public T decode(String text) {
                return decode.apply(text);
            }
        };
    }
}
