package dev.etcdj.mapper.internal;

import dev.etcdj.mapper.Codec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The built-in codecs: canonical text a person reading etcd understands. */
public final class Codecs {
    private static final Map<Class<?>, Codec<?>> BUILT_IN = new HashMap<>();

    static {
        put(String.class, Codec.of(s -> s, s -> s));
        put(Boolean.class, Codec.of(String::valueOf, Codecs::parseBoolean));
        put(Byte.class, Codec.of(String::valueOf, Byte::valueOf));
        put(Short.class, Codec.of(String::valueOf, Short::valueOf));
        put(Integer.class, Codec.of(String::valueOf, Integer::valueOf));
        put(Long.class, Codec.of(String::valueOf, Long::valueOf));
        put(Float.class, Codec.of(String::valueOf, Codecs::parseFloat));
        put(Double.class, Codec.of(String::valueOf, Codecs::parseDouble));
        put(Character.class, Codec.of(String::valueOf, Codecs::parseChar));
        put(BigInteger.class, Codec.of(BigInteger::toString, BigInteger::new));
        put(BigDecimal.class, Codec.of(BigDecimal::toString, BigDecimal::new));
        put(Instant.class, Codec.of(Instant::toString, Instant::parse));
        put(Duration.class, Codec.of(Duration::toString, Duration::parse));
        put(LocalDate.class, Codec.of(LocalDate::toString, LocalDate::parse));
        put(LocalDateTime.class, Codec.of(LocalDateTime::toString, LocalDateTime::parse));
        put(OffsetDateTime.class, Codec.of(OffsetDateTime::toString, OffsetDateTime::parse));
        put(UUID.class, Codec.of(UUID::toString, UUID::fromString));
        put(URI.class, Codec.of(URI::toString, URI::create));
        put(byte[].class, Codec.of(b -> Base64.getEncoder().encodeToString(b), s -> Base64.getDecoder().decode(s)));
    }

    private Codecs() {
    }

    private static <T> void put(Class<T> type, Codec<T> codec) {
        BUILT_IN.put(type, codec);
    }

    /** Returns the built-in codec for {@code type} (primitives as their boxes, enums by name), or null. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Codec<?> builtIn(Class<?> type) {
        Class<?> t = box(type);
        if (t.isEnum()) {
            Class<? extends Enum> e = (Class<? extends Enum>) t;
            return Codec.<Enum>of(Enum::name, s -> Enum.valueOf(e, s));
        }
        return BUILT_IN.get(t);
    }

    /** Returns the box of a primitive type, or the type itself. */
    public static Class<?> box(Class<?> t) {
        if (!t.isPrimitive()) {
            return t;
        }
        if (t == int.class) return Integer.class;
        if (t == long.class) return Long.class;
        if (t == boolean.class) return Boolean.class;
        if (t == double.class) return Double.class;
        if (t == float.class) return Float.class;
        if (t == short.class) return Short.class;
        if (t == byte.class) return Byte.class;
        if (t == char.class) return Character.class;
        throw new IllegalArgumentException("no value type: " + t);
    }

    private static Boolean parseBoolean(String s) {
        if (s.equals("true")) {
            return Boolean.TRUE;
        }
        if (s.equals("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("not true or false");
    }

    private static Character parseChar(String s) {
        if (s.length() != 1) {
            throw new IllegalArgumentException("not a single character");
        }
        return s.charAt(0);
    }

    private static Float parseFloat(String s) {
        if (s.isEmpty() || Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) {
            throw new NumberFormatException("not a number");
        }
        return Float.valueOf(s);
    }

    private static Double parseDouble(String s) {
        if (s.isEmpty() || Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) {
            throw new NumberFormatException("not a number");
        }
        return Double.valueOf(s);
    }
}
