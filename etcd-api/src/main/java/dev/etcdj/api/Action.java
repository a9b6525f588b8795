package dev.etcdj.api;

/** The action a result or watch event reports, as named on the wire. */
public enum Action {
    /** A read: {@code GET} of a key or directory. */
    GET("get"),
    /** A write with no condition ({@code PUT}): created the node or replaced it. */
    SET("set"),
    /** A write that required the key to be absent ({@code prevExist=false}), or an in-order {@code POST}. */
    CREATE("create"),
    /** A write that required the key to exist ({@code prevExist=true}), a TTL refresh among them. */
    UPDATE("update"),
    /** A {@code DELETE} with no condition. */
    DELETE("delete"),
    /** A node's TTL ran out; seen only by watchers. */
    EXPIRE("expire"),
    /** A write whose {@code prevValue} and/or {@code prevIndex} condition held. */
    COMPARE_AND_SWAP("compareAndSwap"),
    /** A delete whose {@code prevValue} and/or {@code prevIndex} condition held. */
    COMPARE_AND_DELETE("compareAndDelete");

    private final String wireName;

    Action(String wireName) {
        this.wireName = wireName;
    }

    /** {@return the name etcd uses in the {@code action} field} */
    public String wireName() {
        return wireName;
    }

    /**
     * {@return the action named {@code wireName}, or {@code null} if there is none}
     *
     * @param wireName the {@code action} field's value, such as {@code compareAndSwap}
     */
    public static Action fromWireName(String wireName) {
        switch (wireName) {
            case "get": return GET;
            case "set": return SET;
            case "create": return CREATE;
            case "update": return UPDATE;
            case "delete": return DELETE;
            case "expire": return EXPIRE;
            case "compareAndSwap": return COMPARE_AND_SWAP;
            case "compareAndDelete": return COMPARE_AND_DELETE;
            default: return null;
        }
    }
}
