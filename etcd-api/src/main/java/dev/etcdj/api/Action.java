package dev.etcdj.api;

/** The action a result or watch event reports, as named on the wire. */
public enum Action {
    GET("get"),
    SET("set"),
    CREATE("create"),
    UPDATE("update"),
    DELETE("delete"),
    EXPIRE("expire"),
    COMPARE_AND_SWAP("compareAndSwap"),
    COMPARE_AND_DELETE("compareAndDelete");

    private final String wireName;

    Action(String wireName) {
        this.wireName = wireName;
    }

    /** Returns the name etcd uses in the {@code action} field. */
    public String wireName() {
        return wireName;
    }

    /** Returns the action named {@code wireName}, or {@code null} if there is none. */
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
