package dev.etcdj.v3;

/** The flag options, one shared instance each. */
final class Flags {
    static final KvOption.Prefix PREFIX = new KvOption.Prefix();
    static final KvOption.FromKey FROM_KEY = new KvOption.FromKey();
    static final KvOption.Serializable SERIALIZABLE = new KvOption.Serializable();
    static final KvOption.KeysOnly KEYS_ONLY = new KvOption.KeysOnly();
    static final KvOption.CountOnly COUNT_ONLY = new KvOption.CountOnly();
    static final KvOption.PrevKv PREV_KV = new KvOption.PrevKv();
    static final KvOption.IgnoreValue IGNORE_VALUE = new KvOption.IgnoreValue();
    static final KvOption.IgnoreLease IGNORE_LEASE = new KvOption.IgnoreLease();
    static final KvOption.NoPut NO_PUT = new KvOption.NoPut();
    static final KvOption.NoDelete NO_DELETE = new KvOption.NoDelete();
    static final KvOption.ProgressNotify PROGRESS_NOTIFY = new KvOption.ProgressNotify();

    private Flags() {
    }
}
