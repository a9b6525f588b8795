package dev.etcdj.api;

import dev.etcdj.api.spi.EtcdRequest;
import java.time.Duration;

/** Collects a call's options into a request builder, rejecting an option given twice. */
final class Options {
    boolean recursive;
    boolean sorted;
    boolean quorum;
    boolean dir;
    boolean noValueOnSuccess;
    Duration ttl;
    String prevValue;
    long prevIndex;
    long waitIndex;
    Duration timeout;
    private int seen;

    private Options() {
    }

    static Options of(String call, Option... options) {
        Options o = new Options();
        if (options == null) {
            return o;
        }
        for (Option option : options) {
            if (option == null) {
                throw new NullPointerException("option == null in " + call);
            }
            o.add(call, option);
        }
        return o;
    }

    private void add(String call, Option option) {
        int bit = 1 << kind(option);
        if ((seen & bit) != 0) {
            throw new IllegalArgumentException(call + ": option " + option.getClass().getSimpleName() + " given twice");
        }
        seen |= bit;
        if (option instanceof Option.Recursive) {
            recursive = true;
        } else if (option instanceof Option.Sorted) {
            sorted = true;
        } else if (option instanceof Option.Quorum) {
            quorum = true;
        } else if (option instanceof Option.Dir) {
            dir = true;
        } else if (option instanceof Option.NoValueOnSuccess) {
            noValueOnSuccess = true;
        } else if (option instanceof Option.Ttl t) {
            ttl = t.ttl();
        } else if (option instanceof Option.PrevValue p) {
            prevValue = p.value();
        } else if (option instanceof Option.PrevIndex p) {
            prevIndex = p.index();
        } else if (option instanceof Option.WaitIndex w) {
            waitIndex = w.index();
        } else if (option instanceof Option.Timeout t) {
            timeout = t.timeout();
        }
    }

    private static int kind(Option option) {
        if (option instanceof Option.Recursive) return 0;
        if (option instanceof Option.Sorted) return 1;
        if (option instanceof Option.Quorum) return 2;
        if (option instanceof Option.Dir) return 3;
        if (option instanceof Option.NoValueOnSuccess) return 4;
        if (option instanceof Option.Ttl) return 5;
        if (option instanceof Option.PrevValue) return 6;
        if (option instanceof Option.PrevIndex) return 7;
        if (option instanceof Option.WaitIndex) return 8;
        return 9;
    }

    boolean conditional() {
        return prevValue != null || prevIndex != 0;
    }

    /** Fills every field the options set into {@code b}. */
    EtcdRequest.Builder apply(EtcdRequest.Builder b) {
        return b.recursive(recursive).sorted(sorted).quorum(quorum).dir(dir).noValueOnSuccess(noValueOnSuccess)
                .ttl(ttl).prevValue(prevValue).prevIndex(prevIndex).waitIndex(waitIndex).timeout(timeout);
    }
}
