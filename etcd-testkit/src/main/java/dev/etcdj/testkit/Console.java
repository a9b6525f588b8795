package dev.etcdj.testkit;

import java.io.PrintStream;

/** The fake server's command-line output: the only place in the testkit that prints. */
final class Console {
    private Console() {
    }

    static void out(String line) {
        stream(true).println(line);
    }

    static void err(String line) {
        stream(false).println(line);
    }

    private static PrintStream stream(boolean out) {
        return out ? System.out : System.err;
    }
}
