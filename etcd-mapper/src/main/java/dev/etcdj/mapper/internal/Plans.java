package dev.etcdj.mapper.internal;

import dev.etcdj.api.Directory;
import dev.etcdj.api.Node;
import dev.etcdj.api.Value;
import dev.etcdj.mapper.Codec;
import dev.etcdj.mapper.EtcdCodec;
import dev.etcdj.mapper.EtcdIgnore;
import dev.etcdj.mapper.EtcdName;
import dev.etcdj.mapper.EtcdTtl;
import dev.etcdj.mapper.MappingException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How each record type maps to a tree of etcd keys, planned once per type and cached. A tree is a
 * {@code Map<String, Object>} whose values are {@code String} leaves or sub-trees.
 */
public final class Plans {
    /** The revision leaf the repository keeps in each record directory. */
    public static final String REVISION = "~rev";

    private final Map<Class<?>, Codec<?>> codecs;
    private final MethodHandles.Lookup lookup;
    private final boolean lenient;
    private final Map<Class<?>, RecordPlan> cache = new ConcurrentHashMap<>();
    /** Plans under construction, guarded by the lock on {@link #cache}. */
    private final Map<Class<?>, RecordPlan> resolving = new java.util.HashMap<>();

    /** Creates plans with the user's codecs (exact types), access through {@code lookup}. */
    public Plans(Map<Class<?>, Codec<?>> codecs, MethodHandles.Lookup lookup, boolean lenient) {
        this.codecs = Map.copyOf(codecs);
        this.lookup = lookup;
        this.lenient = lenient;
    }

    /** A mapping of one Java type. */
    public interface TypePlan {
        /** Returns a String leaf, a sub-tree, or null for "no key". */
        Object encode(Object value, String path);

        /** Returns the value of {@code node}; {@code path} names the component for messages. */
        Object decode(Node node, String path);
    }

    /**
     * Returns the plan of a record type. A plan becomes visible to other threads only once it is complete:
     * plans being resolved (by the thread holding the lock, for a record that refers to itself) live in
     * {@link #resolving} until then.
     */
    public RecordPlan record(Class<?> type) {
        RecordPlan plan = cache.get(type);
        if (plan != null) {
            return plan;
        }
        synchronized (cache) {
            plan = cache.get(type);
            if (plan == null) {
                plan = resolving.get(type);
            }
            if (plan == null) {
                plan = new RecordPlan(type);
                resolving.put(type, plan);
                boolean outermost = resolving.size() == 1;
                try {
                    plan.resolve();
                } catch (RuntimeException e) {
                    resolving.clear();
                    throw e;
                }
                if (outermost) {
                    cache.putAll(resolving);
                    resolving.clear();
                }
            }
            return plan;
        }
    }

    TypePlan plan(Type type, String path, Class<? extends Codec<?>> codecClass) {
        if (type instanceof Class<?> c) {
            if (codecClass != null) {
                return new TypePlans.ValuePlan(c, instantiate(codecClass, path));
            }
            Codec<?> user = codecs.get(Codecs.box(c));
            if (user != null) {
                return new TypePlans.ValuePlan(c, user);
            }
            Codec<?> builtIn = Codecs.builtIn(c);
            if (builtIn != null) {
                return new TypePlans.ValuePlan(c, builtIn);
            }
            if (c.isRecord()) {
                RecordPlan nested = record(c);
                if (nested.ttl != null) {
                    throw new MappingException(path + ": " + c.getSimpleName() + "." + nested.ttl.name() + " has @EtcdTtl, "
                            + "but a TTL belongs to a whole record's directory: @EtcdTtl only works on the top-level record");
                }
                return nested;
            }
            throw new MappingException(path + ": no codec for " + c.getName()
                    + "; register one with EtcdMapper.newBuilder().codec(" + c.getSimpleName() + ".class, ...)");
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (raw == List.class || raw == Set.class) {
                return new TypePlans.ListPlan(plan(args[0], path + "[]", null), raw == Set.class);
            }
            if (raw == Optional.class) {
                return new TypePlans.OptionalPlan(plan(args[0], path, codecClass));
            }
            if (raw == Map.class) {
                if (args[0] != String.class) {
                    throw new MappingException(path + ": map keys must be String, not " + args[0].getTypeName());
                }
                return new TypePlans.MapPlan(plan(args[1], path + "{}", null));
            }
        }
        throw new MappingException(path + ": unsupported type " + type.getTypeName()
                + " (supported: values with a codec, records, List, Set, Map<String, V>, Optional)");
    }

    private static Codec<?> instantiate(Class<? extends Codec<?>> c, String path) {
        try {
            return c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new MappingException(path + ": cannot create codec " + c.getName()
                    + "; it needs a public no-argument constructor", e);
        }
    }

    static MappingException invalid(String path, Node node, String problem) {
        return new MappingException(path + ": " + problem + " at " + node.key());
    }

    /** One record component. */
    record Component(String key, String name, TypePlan plan, MethodHandle accessor, Class<?> type, boolean ignored,
                     boolean ttl, boolean optional) {
    }

    /** A record: a directory with one child per component. */
    public final class RecordPlan implements TypePlan {
        final Class<?> type;
        List<Component> components;
        MethodHandle constructor;
        Component ttl;

        RecordPlan(Class<?> type) {
            this.type = type;
        }

        void resolve() {
            if (!type.isRecord()) {
                throw new MappingException(type.getName() + " is not a record");
            }
            MethodHandles.Lookup l = access();
            List<Component> list = new ArrayList<>();
            Map<String, String> keys = new LinkedHashMap<>();
            RecordComponent[] rcs = type.getRecordComponents();
            Class<?>[] types = new Class<?>[rcs.length];
            for (int i = 0; i < rcs.length; i++) {
                RecordComponent rc = rcs[i];
                types[i] = rc.getType();
                String path = type.getSimpleName() + "." + rc.getName();
                EtcdName rename = rc.getAnnotation(EtcdName.class);
                String key = rename == null ? rc.getName() : rename.value();
                checkKey(key, path);
                boolean ignored = rc.isAnnotationPresent(EtcdIgnore.class);
                boolean isTtl = rc.isAnnotationPresent(EtcdTtl.class);
                if (isTtl && rc.getType() != Duration.class) {
                    throw new MappingException(path + ": @EtcdTtl goes on a java.time.Duration component, not "
                            + rc.getGenericType().getTypeName());
                }
                if (!ignored && !isTtl) {
                    String clash = keys.put(key, rc.getName());
                    if (clash != null) {
                        throw new MappingException(type.getSimpleName() + ": components " + clash + " and " + rc.getName()
                                + " both map to the key \"" + key + "\"");
                    }
                }
                EtcdCodec codec = rc.getAnnotation(EtcdCodec.class);
                TypePlan plan = ignored || isTtl ? null : plan(rc.getGenericType(), path, codec == null ? null : codec.value());
                MethodHandle accessor;
                try {
                    accessor = l.unreflect(rc.getAccessor());
                } catch (IllegalAccessException e) {
                    throw inaccessible(e);
                }
                Component c = new Component(key, rc.getName(), plan, accessor, rc.getType(), ignored, isTtl,
                        rc.getType() == Optional.class);
                if (isTtl) {
                    if (ttl != null) {
                        throw new MappingException(type.getSimpleName() + ": more than one @EtcdTtl component");
                    }
                    ttl = c;
                }
                list.add(c);
            }
            try {
                constructor = l.unreflectConstructor(type.getDeclaredConstructor(types));
            } catch (IllegalAccessException e) {
                throw inaccessible(e);
            } catch (NoSuchMethodException e) {
                throw new MappingException(type.getName() + " has no canonical constructor", e);
            }
            components = List.copyOf(list);
        }

        private void checkKey(String key, String path) {
            if (key.isEmpty() || key.contains("/") || key.startsWith("_") || key.startsWith("~") || key.equals(".")
                    || key.equals("..") || key.chars().anyMatch(ch -> ch < 0x20)) {
                throw new MappingException(path + ": \"" + key + "\" cannot be an etcd key here (empty, '/', a leading '_' "
                        + "or '~', '.' or '..', or a control character)");
            }
        }

        private MethodHandles.Lookup access() {
            Module mine = Plans.class.getModule();
            if (mine.isNamed() && !mine.canRead(type.getModule())) {
                mine.addReads(type.getModule());
            }
            try {
                return MethodHandles.privateLookupIn(type, lookup);
            } catch (IllegalAccessException e) {
                try {
                    lookup.accessClass(type);
                    return lookup;
                } catch (IllegalAccessException e2) {
                    throw inaccessible(e);
                }
            }
        }

        private MappingException inaccessible(IllegalAccessException e) {
            Module m = type.getModule();
            String pkg = type.getPackageName();
            return new MappingException("cannot access record " + type.getName() + ": add \"opens " + pkg
                    + " to dev.etcdj.mapper;\" to the module-info.java of " + (m.isNamed() ? m.getName() : "its module")
                    + ", or give the mapper your lookup: EtcdMapper.newBuilder().lookup(MethodHandles.lookup())", e);
        }

        /** Returns the record's tree (without its TTL and ignored components). */
        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> encode(Object record, String path) {
            if (record == null) {
                return null;
            }
            Map<String, Object> tree = new LinkedHashMap<>();
            for (Component c : components) {
                if (c.ignored || c.ttl) {
                    continue;
                }
                Object v = get(c, record);
                Object enc = c.plan.encode(v, path + "." + c.name);
                if (enc != null) {
                    tree.put(c.key, enc);
                }
            }
            return tree;
        }

        /** Returns the TTL component's value, or null. */
        public Duration ttl(Object record) {
            return ttl == null ? null : (Duration) get(ttl, record);
        }

        /** Returns whether the record has a TTL component. */
        public boolean hasTtl() {
            return ttl != null;
        }

        private Object get(Component c, Object record) {
            try {
                return c.accessor.invoke(record);
            } catch (Throwable t) {
                throw new MappingException(type.getSimpleName() + "." + c.name + ": the accessor failed: " + t, t);
            }
        }

        @Override
        public Object decode(Node node, String path) {
            return decodeRecord(node, path, Set.of());
        }

        /** Decodes a record directory, skipping the {@code reserved} child names. */
        public Object decodeRecord(Node node, String path, Set<String> reserved) {
            if (!(node instanceof Directory d)) {
                throw invalid(path, node, "expected a directory for a " + type.getSimpleName() + " but found a value");
            }
            Map<String, Node> children = new LinkedHashMap<>();
            for (Node child : d.children()) {
                if (!reserved.contains(child.name())) {
                    children.put(child.name(), child);
                }
            }
            Object[] args = new Object[components.size()];
            for (int i = 0; i < args.length; i++) {
                Component c = components.get(i);
                String cpath = path + "." + c.name;
                if (c.ignored) {
                    args[i] = defaultValue(c.type);
                } else if (c.ttl) {
                    args[i] = d.ttl().orElse(null);
                } else {
                    Node child = children.remove(c.key);
                    if (child != null) {
                        args[i] = c.plan.decode(child, cpath);
                    } else if (c.optional) {
                        args[i] = Optional.empty();
                    } else if (c.type.isPrimitive()) {
                        throw new MappingException(cpath + ": missing key " + d.key() + (d.key().endsWith("/") ? "" : "/")
                                + c.key + " (a " + c.type.getName() + " component must be present)");
                    } else {
                        args[i] = null;
                    }
                }
            }
            if (!children.isEmpty() && !lenient) {
                Node extra = children.values().iterator().next();
                String raw = extra instanceof Value v ? " (value \"" + v.value() + "\")" : " (a directory)";
                throw new MappingException(path + ": unknown key " + extra.key() + raw + " for a " + type.getSimpleName()
                        + "; build the mapper with lenient(true) to ignore unknown keys");
            }
            try {
                return constructor.invokeWithArguments(args);
            } catch (Throwable t) {
                throw new MappingException(path + ": the " + type.getSimpleName() + " constructor rejected the values read from "
                        + d.key() + ": " + t, t);
            }
        }

        private Object defaultValue(Class<?> t) {
            if (t == Optional.class) {
                return Optional.empty();
            }
            if (!t.isPrimitive()) {
                return null;
            }
            if (t == boolean.class) {
                return false;
            }
            if (t == char.class) {
                return '\0';
            }
            return java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(t, 1), 0);
        }

        /** Returns the record type. */
        public Class<?> type() {
            return type;
        }
    }
}
