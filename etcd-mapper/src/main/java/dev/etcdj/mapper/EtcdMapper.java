package dev.etcdj.mapper;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.Node;
import dev.etcdj.mapper.internal.Plans;
import java.lang.invoke.MethodHandles;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Maps Java records to etcd directories: each component is a child key, nested records are
 * sub-directories, {@code List}/{@code Set} are directories of children {@code 0}, {@code 1}, ...,
 * {@code Map<String, V>} is a directory keyed by the (safely encoded) map keys, and {@code Optional.empty()}
 * or {@code null} is an absent key. Values are written as text a person reading etcd understands: numbers
 * in decimal, instants in ISO-8601, enums by name, {@code byte[]} in base64.
 *
 * <pre>{@code
 * record Service(String host, int port, List<String> tags, @EtcdTtl Duration ttl) {}
 *
 * EtcdMapper mapper = EtcdMapper.create();
 * Repository<Service> services = mapper.repository(etcd, "/services", Service.class);
 * services.put("api", new Service("10.0.0.1", 8080, List.of("blue"), Duration.ofSeconds(30)));
 * }</pre>
 *
 * <p>Reading is strict by default: an unknown key, a missing primitive component or a value that does not
 * parse is a {@link MappingException} naming the component, the key and the raw value. The mapping of each
 * record type is planned once and cached. Immutable and thread-safe.
 */
public final class EtcdMapper {
    private final Plans plans;
    private final java.time.Duration writeLease;

    private EtcdMapper(Builder b) {
        this.plans = new Plans(b.codecs, b.lookup, b.lenient);
        this.writeLease = b.writeLease;
    }

    /** {@return a strict mapper with the built-in codecs} */
    public static EtcdMapper create() {
        return newBuilder().build();
    }

    /** {@return a builder: codecs, lookup, leniency} */
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * {@return a repository of {@code type} records kept below {@code directory}, one sub-directory each}
     *
     * @param <T> the record type
     * @param etcd the client
     * @param directory the directory, such as {@code /services}
     * @param type the record class
     * @throws MappingException if the type cannot be mapped
     */
    public <T extends Record> Repository<T> repository(Etcd etcd, String directory, Class<T> type) {
        Objects.requireNonNull(etcd, "etcd == null");
        return new Repository<>(etcd, directory, plans.record(Objects.requireNonNull(type, "type == null")), type,
                writeLease);
    }

    /**
     * {@return the keys and values a record is written as, relative to its directory, e.g.
     * {@code {"host": "10.0.0.1", "tags/0": "blue"}} (its TTL component aside)}
     *
     * @param record the record
     */
    public Map<String, String> toKeys(Record record) {
        Objects.requireNonNull(record, "record == null");
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", plans.record(record.getClass()).encode(record, record.getClass().getSimpleName()), out);
        return out;
    }

    @SuppressWarnings("unchecked")
    static void flatten(String prefix, Map<String, Object> tree, Map<String, String> out) {
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "/" + e.getKey();
            if (e.getValue() instanceof String s) {
                out.put(path, s);
            } else {
                flatten(path, (Map<String, Object>) e.getValue(), out);
            }
        }
    }

    /**
     * {@return the record read from a directory node, e.g. {@code etcd.get(dir, recursive()).node()}}
     *
     * @param <T> the record type
     * @param node the directory node, read recursively
     * @param type the record class
     * @throws MappingException if the directory does not fit the record
     */
    public <T extends Record> T fromNode(Node node, Class<T> type) {
        return type.cast(plans.record(type).decode(node, type.getSimpleName()));
    }

    /** Configures an {@link EtcdMapper}; not thread-safe. */
    public static final class Builder {
        private final Map<Class<?>, dev.etcdj.mapper.Codec<?>> codecs = new LinkedHashMap<>();
        private MethodHandles.Lookup lookup = MethodHandles.lookup();
        private boolean lenient;
        private java.time.Duration writeLease = Repository.DEFAULT_WRITE_LEASE;

        private Builder() {
        }

        /**
         * Uses {@code codec} for values of exactly {@code type} (for a primitive, register its box), before the
         * built-in codecs. A later registration for the same type wins.
         *
         * @param <T> the record type
         * @param type the record class
         * @param codec the codec
         * @return this builder
         */
        public <T> Builder codec(Class<T> type, Codec<T> codec) {
            codecs.put(Objects.requireNonNull(type, "type == null"), Objects.requireNonNull(codec, "codec == null"));
            return this;
        }

        /**
         * Reaches records through {@code lookup}: pass {@code MethodHandles.lookup()} from your module to map
         * records it does not open to {@code dev.etcdj.mapper}.
         *
         * @param lookup a lookup with access to the records
         * @return this builder
         */
        public Builder lookup(MethodHandles.Lookup lookup) {
            this.lookup = Objects.requireNonNull(lookup, "lookup == null");
            return this;
        }

        /**
         * Ignores keys that match no component instead of failing.
         *
         * @param lenient whether to ignore unknown keys
         * @return this builder
         */
        public Builder lenient(boolean lenient) {
            this.lenient = lenient;
            return this;
        }

        /**
         * Sets how long a writer's claim on a record lasts without renewal (10 s by default, whole seconds,
         * at least 1): a writer that dies mid-write blocks other writers of that record for at most this
         * long, and a writer stalled for longer loses its claim. Readers never wait for it.
         *
         * @param lease the lease
         * @return this builder
         */
        public Builder writeLease(java.time.Duration lease) {
            java.util.Objects.requireNonNull(lease, "lease == null");
            if (lease.getSeconds() < 1 || lease.getNano() != 0) {
                throw new IllegalArgumentException("writeLease must be whole seconds, at least 1: " + lease);
            }
            this.writeLease = lease;
            return this;
        }

        /** {@return the mapper} */
        public EtcdMapper build() {
            return new EtcdMapper(this);
        }
    }
}
