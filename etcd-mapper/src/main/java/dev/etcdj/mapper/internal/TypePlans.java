package dev.etcdj.mapper.internal;

import dev.etcdj.api.Directory;
import dev.etcdj.api.Node;
import dev.etcdj.api.Value;
import dev.etcdj.mapper.Codec;
import dev.etcdj.mapper.MappingException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The plans of what is not a record: a value (a string leaf, through its codec), a list or set (a
 * directory of in-order leaves or sub-directories), a map (a directory keyed by the map's keys) and an
 * {@code Optional} (a leaf or sub-tree that may be missing). Used by {@link Plans}; immutable once built.
 */
final class TypePlans {
    private TypePlans() {
    }

    /** A value with a codec: one leaf. */
    static final class ValuePlan implements Plans.TypePlan {
        final Class<?> type;
        @SuppressWarnings("rawtypes")
        final Codec codec;

        ValuePlan(Class<?> type, Codec<?> codec) {
            this.type = type;
            this.codec = codec;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object encode(Object value, String path) {
            if (value == null) {
                return null;
            }
            String text = codec.encode(value);
            if (text == null) {
                throw new MappingException(path + ": codec " + codec.getClass().getName() + " encoded " + value + " as null");
            }
            return text;
        }

        @Override
        public Object decode(Node node, String path) {
            if (!(node instanceof Value v)) {
                throw Plans.invalid(path, node, "expected a value but found a directory");
            }
            try {
                return codec.decode(v.value());
            } catch (RuntimeException e) {
                throw Plans.invalid(path, node, "\"" + v.value() + "\" is not a valid " + type.getSimpleName() + " ("
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            }
        }
    }

    /** A list or set: a directory of children named 0, 1, 2... in order. */
    static final class ListPlan implements Plans.TypePlan {
        final Plans.TypePlan element;
        final boolean set;

        ListPlan(Plans.TypePlan element, boolean set) {
            this.element = element;
            this.set = set;
        }

        @Override
        public Object encode(Object value, String path) {
            if (value == null) {
                return null;
            }
            Map<String, Object> tree = new LinkedHashMap<>();
            int i = 0;
            for (Object e : (Collection<?>) value) {
                Object enc = element.encode(e, path + "[" + i + "]");
                if (enc == null) {
                    throw new MappingException(path + "[" + i + "]: null elements cannot be stored");
                }
                tree.put(Integer.toString(i++), enc);
            }
            return tree;
        }

        @Override
        public Object decode(Node node, String path) {
            if (!(node instanceof Directory d)) {
                throw Plans.invalid(path, node, "expected a directory of elements but found a value");
            }
            TreeMap<Integer, Node> byIndex = new TreeMap<>();
            for (Node child : d.children()) {
                int i;
                try {
                    i = Integer.parseInt(child.name());
                } catch (NumberFormatException e) {
                    throw Plans.invalid(path, child, "\"" + child.name() + "\" is not an element index");
                }
                byIndex.put(i, child);
            }
            Collection<Object> out = set ? new LinkedHashSet<>() : new ArrayList<>();
            int expected = 0;
            for (Map.Entry<Integer, Node> e : byIndex.entrySet()) {
                if (e.getKey() != expected) {
                    throw Plans.invalid(path, d, "element " + expected + " is missing");
                }
                out.add(element.decode(e.getValue(), path + "[" + expected + "]"));
                expected++;
            }
            return set ? java.util.Collections.unmodifiableSet((Set<Object>) out) : java.util.Collections.unmodifiableList((List<Object>) out);
        }
    }

    /** A map with String keys: a directory keyed by the encoded map keys. */
    static final class MapPlan implements Plans.TypePlan {
        final Plans.TypePlan value;

        MapPlan(Plans.TypePlan value) {
            this.value = value;
        }

        @Override
        public Object encode(Object map, String path) {
            if (map == null) {
                return null;
            }
            Map<String, Object> tree = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) map).entrySet()) {
                String key = (String) e.getKey();
                if (key == null) {
                    throw new MappingException(path + ": null map keys cannot be stored");
                }
                Object enc = value.encode(e.getValue(), path + "{" + key + "}");
                if (enc == null) {
                    throw new MappingException(path + "{" + key + "}: null map values cannot be stored");
                }
                tree.put(Names.encode(key), enc);
            }
            return tree;
        }

        @Override
        public Object decode(Node node, String path) {
            if (!(node instanceof Directory d)) {
                throw Plans.invalid(path, node, "expected a directory of entries but found a value");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Node child : d.children()) {
                String key;
                try {
                    key = Names.decode(child.name());
                } catch (IllegalArgumentException e) {
                    throw Plans.invalid(path, child, e.getMessage());
                }
                out.put(key, value.decode(child, path + "{" + key + "}"));
            }
            return java.util.Collections.unmodifiableMap(out);
        }
    }

    /** An Optional: the inner value, or no key. */
    static final class OptionalPlan implements Plans.TypePlan {
        final Plans.TypePlan inner;

        OptionalPlan(Plans.TypePlan inner) {
            this.inner = inner;
        }

        @Override
        public Object encode(Object value, String path) {
            Optional<?> o = (Optional<?>) value;
            return o == null || o.isEmpty() ? null : inner.encode(o.get(), path);
        }

        @Override
        public Object decode(Node node, String path) {
            return Optional.of(inner.decode(node, path));
        }
    }
}
