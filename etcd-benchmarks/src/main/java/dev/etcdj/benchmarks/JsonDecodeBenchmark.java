package dev.etcdj.benchmarks;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.etcdj.api.EtcdResult;
import dev.etcdj.http.internal.EtcdJson;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * Decoding a recursive read: etcdj's parser (bytes straight into the model) against Jackson databind (into
 * plain classes) and Jackson's tree, on the same recorded bodies.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JsonDecodeBenchmark {
    @Param({"dir10k.json", "dir1k.json", "watch.json"})
    public String body;

    byte[] bytes;
    final ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Setup
    public void load() {
        bytes = Bodies.read(body);
    }

    @Benchmark
    public EtcdResult etcdj() {
        return EtcdJson.decodeEvent(bytes, EtcdJson.Headers.NONE);
    }

    @Benchmark
    public JacksonEvent jacksonDatabind() throws IOException {
        return mapper.readValue(bytes, JacksonEvent.class);
    }

    @Benchmark
    public JsonNode jacksonTree() throws IOException {
        return mapper.readTree(bytes);
    }

    /** The event as a Jackson user would map it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class JacksonEvent {
        public String action;
        public JacksonNode node;
        public JacksonNode prevNode;
    }

    /** The node as a Jackson user would map it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class JacksonNode {
        public String key;
        public String value;
        public boolean dir;
        public String expiration;
        public long ttl;
        public List<JacksonNode> nodes;
        public long modifiedIndex;
        public long createdIndex;
    }
}
