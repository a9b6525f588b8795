package dev.etcdj.api;

/**
 * Every error code of etcd's v2 API, with the exact message the server writes and the HTTP status it
 * answers with. etcd 3.4 emits 100, 101, 102, 104, 105, 107, 108, 110, 201–203, 209–212, 300 and 401 on
 * {@code /v2/keys}; the others are listed for completeness and for older servers.
 */
public enum ErrorCode {
    /** The key does not exist: {@link KeyNotFoundException}. */
    KEY_NOT_FOUND(100, "Key not found", 404),
    /** A {@code prevValue}/{@code prevIndex} condition did not hold: {@link CompareFailedException}. */
    TEST_FAILED(101, "Compare failed", 412),
    /** A value operation on a directory: {@link NotAFileException}. */
    NOT_FILE(102, "Not a file", 403),
    /** The cluster has its maximum number of members (etcd 0.4). */
    NO_MORE_PEER(103, "Reached the max number of peers in the cluster", 400),
    /** A directory operation on a file, or a file in the middle of a path: {@link NotADirectoryException}. */
    NOT_DIR(104, "Not a directory", 400),
    /** The key exists and must not ({@code prevExist=false}, {@code mkdir}): {@link NodeExistsException}. */
    NODE_EXIST(105, "Key already exists", 412),
    /** The key lies below etcd's reserved {@code /_etcd} prefix (older servers). */
    KEY_IS_PRESERVED(106, "The prefix of given key is a keyword in etcd", 400),
    /** A write to the root, {@code /}: {@link RootReadOnlyException}. */
    ROOT_READ_ONLY(107, "Root is read only", 400),
    /** A delete of a directory with children, without {@code recursive}: {@link DirectoryNotEmptyException}. */
    DIR_NOT_EMPTY(108, "Directory not empty", 403),
    /** A member with that peer address exists (etcd 0.4). */
    EXISTING_PEER_ADDR(109, "Peer address has existed", 400),
    /** Auth is on and the credentials are missing, wrong or lack the permission: {@link UnauthorizedException}. */
    UNAUTHORIZED(110, "The request requires user authentication", 401),

    /** A write without a value (older servers). */
    VALUE_REQUIRED(200, "Value is Required in POST form", 400),
    /** A compare-and-swap with an empty {@code prevValue}: {@link InvalidRequestException}. */
    PREV_VALUE_REQUIRED(201, "PrevValue is Required in POST form", 400),
    /** A {@code ttl} that is not a number: {@link InvalidRequestException}. */
    TTL_NAN(202, "The given TTL in POST form is not a number", 400),
    /** A {@code prevIndex} or {@code waitIndex} that is not a number: {@link InvalidRequestException}. */
    INDEX_NAN(203, "The given index in POST form is not a number", 400),
    /** An update with neither a value nor a TTL (older servers). */
    VALUE_OR_TTL_REQUIRED(204, "Value or TTL is required in POST form", 400),
    /** A {@code timeout} that is not a number (older servers). */
    TIMEOUT_NAN(205, "The given timeout in POST form is not a number", 400),
    /** A request without a required name (older servers). */
    NAME_REQUIRED(206, "Name is required in POST form", 400),
    /** A conditional request without its index or value (older servers). */
    INDEX_OR_VALUE_REQUIRED(207, "Index or value is required", 400),
    /** An index and a value given where only one may be (older servers). */
    INDEX_VALUE_MUTEX(208, "Index and value cannot both be specified", 400),
    /** A form field with an invalid value, such as {@code dir=true} with a value: {@link InvalidRequestException}. */
    INVALID_FIELD(209, "Invalid field", 400),
    /** A request body that is not a valid form: {@link InvalidRequestException}. */
    INVALID_FORM(210, "Invalid POST form", 400),
    /** A {@code refresh=true} write that also carries a value: {@link InvalidRequestException}. */
    REFRESH_VALUE(211, "Value provided on refresh", 400),
    /** A {@code refresh=true} write without a TTL: {@link InvalidRequestException}. */
    REFRESH_TTL_REQUIRED(212, "A TTL must be provided on refresh", 400),

    /** The member could not commit the request, for example without a quorum: {@link RaftInternalException}. */
    RAFT_INTERNAL(300, "Raft Internal Error", 500),
    /** The cluster is electing a leader (older servers). */
    LEADER_ELECT(301, "During Leader Election", 500),

    /** The server dropped its watchers while recovering from a snapshot (older servers). */
    WATCHER_CLEARED(400, "watcher is cleared due to etcd recovery", 400),
    /**
     * A wait from an index older than the server's event history (1,000 events): {@link
     * EventIndexClearedException}.
     */
    EVENT_INDEX_CLEARED(401, "The event in requested index is outdated and cleared", 400),
    /** An internal error of a standby member (etcd 0.4). */
    STANDBY_INTERNAL(402, "Standby Internal Error", 400),
    /** An invalid active cluster size (etcd 0.4). */
    INVALID_ACTIVE_SIZE(403, "Invalid active size", 400),
    /** An invalid standby remove delay (etcd 0.4). */
    INVALID_REMOVE_DELAY(404, "Standby remove delay", 400),

    /** An internal error of the client library (etcd's Go client; never sent by a server). */
    CLIENT_INTERNAL(500, "Client Internal Error", 400);

    private final int code;
    private final String message;
    private final int httpStatus;

    ErrorCode(int code, String message, int httpStatus) {
        this.code = code;
        this.message = message;
        this.httpStatus = httpStatus;
    }

    /** {@return the numeric code, as in the {@code errorCode} field of an error body} */
    public int code() {
        return code;
    }

    /** {@return the message etcd writes for this code, exactly} */
    public String message() {
        return message;
    }

    /** {@return the HTTP status etcd answers with for this code} */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * {@return the constant for {@code code}, or {@code null} if etcd defines no such code}
     *
     * @param code an {@code errorCode} from an error body
     */
    public static ErrorCode of(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
