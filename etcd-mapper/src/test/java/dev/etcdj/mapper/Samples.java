package dev.etcdj.mapper;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Record types covering every supported component type, and jqwik arbitraries for them. */
public final class Samples {
    private Samples() {
    }

    public enum Colour { RED, GREEN, BLUE }

    public record Scalars(String s, int i, long l, short sh, byte b, boolean bo, char c, float f, double d, Integer boxed,
                          Colour colour, BigInteger big, BigDecimal dec, Instant at, Duration dur, LocalDate date,
                          LocalDateTime ldt, OffsetDateTime odt, UUID id, URI uri, byte[] bytes) {
    }

    public record Tree(String name, Optional<Long> weight, List<Tree> children, Map<String, Tree> named,
                       Set<String> tags) {
    }

    public record Everything(Scalars scalars, Tree tree, Map<String, List<Integer>> matrix, Optional<String> note,
                             String nullable) {
    }

    @SuppressWarnings("exports")   // a test fixture; jqwik is on the test class path only
    public static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(6).filter(Samples::validUnicode),
                Arbitraries.of("", "/", "a/b", "%", "%2F", "_hidden", "~", ".", "..", "ü日本", "\uD83D\uDE00", " x ", "<&>"));
    }

    static boolean validUnicode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    static Arbitrary<Scalars> scalars() {
        List<Arbitrary<Object>> parts = new ArrayList<>();
        parts.add(text().map(x -> x));
        parts.add(Arbitraries.integers().map(x -> x));
        parts.add(Arbitraries.longs().map(x -> x));
        parts.add(Arbitraries.shorts().map(x -> x));
        parts.add(Arbitraries.bytes().map(x -> x));
        parts.add(Arbitraries.of(true, false).map(x -> x));
        parts.add(Arbitraries.chars().filter(ch -> !Character.isSurrogate(ch)).map(x -> x));
        parts.add(Arbitraries.oneOf(Arbitraries.floats(), Arbitraries.of(Float.NaN, Float.NEGATIVE_INFINITY, -0.0f, Float.MIN_VALUE)).map(x -> x));
        parts.add(Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, Double.MAX_VALUE, 0.1)).map(x -> x));
        parts.add(Arbitraries.integers().injectNull(0.2).map(x -> x));
        parts.add(Arbitraries.of(Colour.class).map(x -> x));
        parts.add(Arbitraries.bigIntegers().map(x -> x));
        parts.add(Arbitraries.bigDecimals().map(x -> x));
        parts.add(Arbitraries.longs().between(-31_000_000_000L, 31_000_000_000L)
                .flatMap(sec -> Arbitraries.integers().between(0, 999_999_999).map(n -> (Object) Instant.ofEpochSecond(sec, n))));
        parts.add(Arbitraries.longs().between(-1_000_000_000L, 1_000_000_000L)
                .flatMap(sec -> Arbitraries.integers().between(0, 999_999_999).map(n -> (Object) Duration.ofSeconds(sec, n))));
        parts.add(Arbitraries.longs().between(-100_000, 100_000).map(d -> (Object) LocalDate.ofEpochDay(d)));
        parts.add(Arbitraries.longs().between(-3_000_000_000L, 3_000_000_000L)
                .map(s -> (Object) LocalDateTime.ofEpochSecond(s, 123_000, ZoneOffset.UTC)));
        parts.add(Arbitraries.integers().between(-18 * 60, 18 * 60).map(m -> (Object) OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 6,
                ZoneOffset.ofTotalSeconds(m * 60))));
        parts.add(Arbitraries.longs().flatMap(a -> Arbitraries.longs().map(b -> (Object) new UUID(a, b))));
        parts.add(Arbitraries.of("http://example.com/a?b=c#d", "urn:isbn:0451450523", "file:/tmp/x%20y", "mailto:a@b")
                .map(u -> (Object) URI.create(u)));
        parts.add(Arbitraries.bytes().array(byte[].class).ofMaxSize(12).map(x -> x));
        return Combinators.combine(parts).as(v -> new Scalars((String) v.get(0), (Integer) v.get(1), (Long) v.get(2),
                (Short) v.get(3), (Byte) v.get(4), (Boolean) v.get(5), (Character) v.get(6), (Float) v.get(7),
                (Double) v.get(8), (Integer) v.get(9), (Colour) v.get(10), (BigInteger) v.get(11), (BigDecimal) v.get(12),
                (Instant) v.get(13), (Duration) v.get(14), (LocalDate) v.get(15), (LocalDateTime) v.get(16),
                (OffsetDateTime) v.get(17), (UUID) v.get(18), (URI) v.get(19), (byte[]) v.get(20)));
    }

    static Arbitrary<Tree> tree(int depth) {
        Arbitrary<List<Tree>> children = depth == 0 ? Arbitraries.just(List.of())
                : Arbitraries.lazy(() -> tree(depth - 1)).list().ofMaxSize(2);
        Arbitrary<Map<String, Tree>> named = depth == 0 ? Arbitraries.just(Map.of())
                : Arbitraries.maps(text(), Arbitraries.lazy(() -> tree(depth - 1))).ofMaxSize(2);
        return Combinators.combine(text(), Arbitraries.longs().optional(), children, named, text().set().ofMaxSize(3))
                .as(Tree::new);
    }

    @SuppressWarnings("exports")
    public static Arbitrary<Everything> everything() {
        return Combinators.combine(scalars(), tree(3),
                Arbitraries.maps(text(), Arbitraries.integers().list().ofMaxSize(3)).ofMaxSize(3),
                text().optional(), text().injectNull(0.3)).as(Everything::new);
    }

    /** Deep equality, with byte arrays compared by content. */
    public static boolean same(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return java.util.Arrays.equals(x, y);
        }
        if (a instanceof Record ra && b instanceof Record rb && a.getClass() == b.getClass()) {
            try {
                for (var rc : a.getClass().getRecordComponents()) {
                    if (!same(rc.getAccessor().invoke(ra), rc.getAccessor().invoke(rb))) {
                        return false;
                    }
                }
                return true;
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return java.util.Objects.equals(a, b);
    }
}
