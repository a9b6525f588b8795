package dev.etcdj.api;

/** The option flags, one shared instance each: they carry no value, so a call need not make one. */
final class Flags {
    static final Option.Recursive RECURSIVE = new Option.Recursive();
    static final Option.Sorted SORTED = new Option.Sorted();
    static final Option.Quorum QUORUM = new Option.Quorum();
    static final Option.Dir DIR = new Option.Dir();
    static final Option.NoValueOnSuccess NO_VALUE_ON_SUCCESS = new Option.NoValueOnSuccess();

    private Flags() {
    }
}
