package dev.etcdj.testkit.internal;

/**
 * A {@code /v2/keys} request as etcd's {@code v2http} parses it ({@code parseKeyRequest} in
 * {@code client.go}): the form's parameters, each checked as etcd checks it, the first refusal kept with
 * etcd's error code and cause. Not thread-safe: one per request.
 */
public final class KeyRequest {
    public record Failure(int code, String cause) {
    }

    public String method;
    public String key;
    public Failure error;
    public String value = "";
    public boolean dir;
    public String prevValue = "";
    public long prevIndex;
    public Boolean prevExist;
    public boolean wait;
    public long waitIndex;
    public boolean recursive;
    public boolean sorted;
    public boolean quorum;
    public boolean stream;
    public boolean refresh;
    public boolean noValueOnSuccess;
    public Long ttl;

    public static KeyRequest parse(String method, String key, GoForm f) {
        KeyRequest r = new KeyRequest();
        r.method = method;
        r.key = key;
        r.error = r.validate(f);
        return r;
    }

    private Failure validate(GoForm f) {
        if (f.error() != null) {
            return new Failure(210, f.error());
        }
        Long pIdx = uint(f, "prevIndex");
        if (pIdx == null) {
            return new Failure(203, "invalid value for \"prevIndex\"");
        }
        prevIndex = pIdx;
        Long wIdx = uint(f, "waitIndex");
        if (wIdx == null) {
            return new Failure(203, "invalid value for \"waitIndex\"");
        }
        waitIndex = wIdx;
        String[] bools = {"recursive", "sorted", "wait", "dir", "quorum", "stream"};
        boolean[] values = new boolean[bools.length];
        for (int i = 0; i < bools.length; i++) {
            Boolean b = bool(f, bools[i]);
            if (b == null) {
                return new Failure(209, "invalid value for \"" + bools[i] + "\"");
            }
            values[i] = b;
        }
        recursive = values[0];
        sorted = values[1];
        wait = values[2];
        dir = values[3];
        quorum = values[4];
        stream = values[5];
        if (wait && !method.equals("GET")) {
            return new Failure(209, "\"wait\" can only be used with GET requests");
        }
        prevValue = f.value("prevValue");
        if (f.has("prevValue") && prevValue.isEmpty()) {
            return new Failure(201, "\"prevValue\" cannot be empty");
        }
        Boolean nv = bool(f, "noValueOnSuccess");
        if (nv == null) {
            return new Failure(209, "invalid value for \"noValueOnSuccess\"");
        }
        noValueOnSuccess = nv;
        if (!f.value("ttl").isEmpty()) {
            ttl = GoForm.parseUint(f.value("ttl"));
            if (ttl == null) {
                return new Failure(202, "invalid value for \"ttl\"");
            }
        }
        if (f.has("prevExist")) {
            prevExist = GoForm.parseBool(f.value("prevExist"));
            if (prevExist == null) {
                return new Failure(209, "invalid value for prevExist");
            }
        }
        if (f.has("refresh")) {
            Boolean rf = GoForm.parseBool(f.value("refresh"));
            if (rf == null) {
                return new Failure(209, "invalid value for refresh");
            }
            if (rf) {
                if (f.has("value") && !f.value("value").isEmpty()) {
                    return new Failure(211, "A value was provided on a refresh");
                }
                if (ttl == null) {
                    return new Failure(212, "No TTL value set");
                }
            }
            refresh = rf && !method.equals("POST");
        }
        value = f.value("value");
        return null;
    }

    private static Long uint(GoForm f, String name) {
        return f.has(name) ? GoForm.parseUint(f.value(name)) : Long.valueOf(0);
    }

    private static Boolean bool(GoForm f, String name) {
        return f.has(name) ? GoForm.parseBool(f.value(name)) : Boolean.FALSE;
    }
}
