package dev.etcdj.http.internal;

import dev.etcdj.api.Action;
import dev.etcdj.api.Directory;
import dev.etcdj.api.EtcdProtocolException;
import dev.etcdj.api.EtcdResult;
import dev.etcdj.api.EtcdServerException;
import dev.etcdj.api.Node;
import dev.etcdj.api.Value;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes etcd's key-space documents (events and error bodies) from bytes straight into the API model.
 * Stateless and thread-safe.
 */
public final class EtcdJson {
    /** The fields of an event, each named by its position in {@link #EVENT_FIELDS}. */
    private interface EventField {
        int ACTION = 0;
        int NODE = 1;
        int PREV_NODE = 2;
    }

    /** The fields of a node, each named by its position in {@link #NODE_FIELDS} (etcd's order). */
    private interface NodeField {
        int KEY = 0;
        int VALUE = 1;
        int DIR = 2;
        int EXPIRATION = 3;
        int TTL = 4;
        int NODES = 5;
        int MODIFIED_INDEX = 6;
        int CREATED_INDEX = 7;
    }

    /** The fields of an error body, each named by its position in {@link #ERROR_FIELDS}. */
    private interface ErrorField {
        int ERROR_CODE = 0;
        int MESSAGE = 1;
        int CAUSE = 2;
        int INDEX = 3;
    }

    private static final byte[][] EVENT_FIELDS = names("action", "node", "prevNode");
    private static final byte[][] NODE_FIELDS = names("key", "value", "dir", "expiration", "ttl", "nodes",
            "modifiedIndex", "createdIndex");
    private static final byte[][] ERROR_FIELDS = names("errorCode", "message", "cause", "index");

    private EtcdJson() {
    }

    private static byte[][] names(String... names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    /** The response headers a result carries. */
    public record Headers(long etcdIndex, long raftIndex, long raftTerm, String clusterId) {
        /** No headers (all zero). */
        public static final Headers NONE = new Headers(0, 0, 0, "");
    }

    /**
     * Decodes an event document {@code {"action":..,"node":..,"prevNode":..}}.
     *
     * @throws EtcdProtocolException if the bytes are not such a document
     */
    public static EtcdResult decodeEvent(byte[] bytes, int offset, int length, Headers headers) {
        JsonReader r = new JsonReader(bytes, offset, length);
        Action action = null;
        Node node = null;
        Node prevNode = null;
        r.beginObject();
        while (r.hasNext()) {
            switch (r.nextName(EVENT_FIELDS)) {
                case EventField.ACTION:
                    int at = r.position();
                    String name = r.nextString();
                    action = name == null ? null : Action.fromWireName(name);
                    if (action == null) {
                        throw r.errorAt("Unknown action \"" + name + "\"", at);
                    }
                    break;
                case EventField.NODE: node = readNode(r); break;
                case EventField.PREV_NODE: prevNode = readNode(r); break;
                default: r.skipValue();
            }
        }
        r.finish();
        if (action == null) {
            throw r.error("Missing \"action\" in an etcd event");
        }
        return EtcdResult.of(action, node, prevNode, headers.etcdIndex, headers.raftIndex, headers.raftTerm,
                headers.clusterId);
    }

    /** Decodes a whole array as an event; see {@link #decodeEvent(byte[], int, int, Headers)}. */
    public static EtcdResult decodeEvent(byte[] bytes, Headers headers) {
        return decodeEvent(bytes, 0, bytes.length, headers);
    }

    /** Reads one node object; {@code null} for a JSON null. */
    static Node readNode(JsonReader r) {
        if (r.peek() == 'n') {
            r.skipValue();
            return null;
        }
        String key = null;
        String value = null;
        boolean dir = false;
        Instant expiration = null;
        Duration ttl = null;
        List<Node> nodes = null;
        long modified = 0;
        long created = 0;
        r.beginObject();
        while (r.hasNext()) {
            switch (r.nextName(NODE_FIELDS)) {
                case NodeField.KEY: key = r.nextString(); break;
                case NodeField.VALUE: value = r.nextString(); break;
                case NodeField.DIR: dir = r.nextBoolean(); break;
                case NodeField.EXPIRATION: expiration = instant(r); break;
                case NodeField.TTL: ttl = Duration.ofSeconds(r.nextLong()); break;
                case NodeField.NODES: nodes = readNodes(r); break;
                case NodeField.MODIFIED_INDEX: modified = r.nextLong(); break;
                case NodeField.CREATED_INDEX: created = r.nextLong(); break;
                default: r.skipValue();
            }
        }
        if (key == null || key.isEmpty()) {
            key = "/";
        }
        Optional<Instant> exp = Optional.ofNullable(expiration);
        Optional<Duration> left = Optional.ofNullable(ttl);
        if (dir || nodes != null) {
            return new Directory(key, nodes == null ? List.of() : nodes, created, modified, exp, left);
        }
        return new Value(key, value, created, modified, exp, left);
    }

    private static List<Node> readNodes(JsonReader r) {
        if (r.peek() == 'n') {
            r.skipValue();
            return List.of();
        }
        List<Node> out = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) {
            Node n = readNode(r);
            if (n == null) {
                throw r.error("Expected a node but was null");
            }
            out.add(n);
        }
        return out;
    }

    private static Instant instant(JsonReader r) {
        int at = r.position();
        String text = r.nextString();
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw r.errorAt("Expected an RFC 3339 timestamp but was \"" + excerpt(text) + "\"", at);
        }
    }

    /**
     * Decodes an etcd error body {@code {"errorCode":..,"message":..,"cause":..,"index":..}} into the
     * typed exception, or returns {@code null} if the bytes are JSON of another shape.
     *
     * @throws EtcdProtocolException if the bytes are not JSON at all
     */
    public static EtcdServerException decodeError(byte[] bytes, int offset, int length) {
        JsonReader r = new JsonReader(bytes, offset, length);
        long code = -1;
        String message = null;
        String cause = null;
        long index = 0;
        r.beginObject();
        while (r.hasNext()) {
            switch (r.nextName(ERROR_FIELDS)) {
                case ErrorField.ERROR_CODE: code = r.nextLong(); break;
                case ErrorField.MESSAGE: message = r.nextString(); break;
                case ErrorField.CAUSE: cause = r.nextString(); break;
                case ErrorField.INDEX: index = r.nextLong(); break;
                default: r.skipValue();
            }
        }
        r.finish();
        if (code < 0 || code > Integer.MAX_VALUE) {
            return null;
        }
        return EtcdServerException.of((int) code, message, cause, index);
    }

    /** Returns {@code {"message":".."}}'s message, or {@code null} if the body has another shape. */
    public static String decodeMessage(byte[] bytes, int offset, int length) {
        try {
            JsonReader r = new JsonReader(bytes, offset, length);
            Object tree = r.readTree();
            r.finish();
            if (tree instanceof java.util.Map<?, ?> map && map.get("message") instanceof String s) {
                return s;
            }
        } catch (EtcdProtocolException e) {
            return null;
        }
        return null;
    }

    /** Returns at most 200 characters of {@code text}, for messages. */
    public static String excerpt(String text) {
        String t = text.length() > 200 ? text.substring(0, 200) + "…" : text;
        StringBuilder sb = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            sb.append(c < 0x20 && c != '\n' ? '?' : c);
        }
        return sb.toString().strip();
    }
}
