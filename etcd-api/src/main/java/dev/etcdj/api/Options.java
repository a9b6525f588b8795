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
    Duration maxOutage;
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
        int kind;
        if (option instanceof Option.Recursive) {
            kind = 0;
            recursive = true;
        } else if (option instanceof Option.Sorted) {
            kind = 1;
            sorted = true;
        } else if (option instanceof Option.Quorum) {
            kind = 2;
            quorum = true;
        } else if (option instanceof Option.Dir) {
            kind = 3;
            dir = true;
        } else if (option instanceof Option.NoValueOnSuccess) {
            kind = 4;
            noValueOnSuccess = true;
        } else if (option instanceof Option.Ttl t) {
            kind = 5;
            ttl = t.ttl();
        } else if (option instanceof Option.PrevValue p) {
            kind = 6;
            prevValue = p.value();
        } else if (option instanceof Option.PrevIndex p) {
            kind = 7;
            prevIndex = p.index();
        } else if (option instanceof Option.WaitIndex w) {
            kind = 8;
            waitIndex = w.index();
        } else if (option instanceof Option.MaxOutage m) {
            kind = 10;
            maxOutage = m.limit();
        } else {
            kind = 9;
            timeout = ((Option.Timeout) option).timeout();
        }
        if ((seen & (1 << kind)) != 0) {
            throw new IllegalArgumentException(call + ": option " + option.getClass().getSimpleName() + " given twice");
        }
        seen |= 1 << kind;
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
