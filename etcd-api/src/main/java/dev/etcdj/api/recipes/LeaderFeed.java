package dev.etcdj.api.recipes;

import static dev.etcdj.api.Option.afterIndex;
import static dev.etcdj.api.Option.quorum;
import static dev.etcdj.api.Option.recursive;
import static dev.etcdj.api.Option.sorted;

import dev.etcdj.api.Etcd;
import dev.etcdj.api.EtcdResult;
import dev.etcdj.api.KeyNotFoundException;
import dev.etcdj.api.Node;
import dev.etcdj.api.WatchEvent;
import dev.etcdj.api.internal.Futures;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Flow;

/**
 * One subscriber's view of an election: the candidates' keys read once, then kept up to date from the
 * directory's watch events (etcd's order, so every subscriber derives the same leaders), with a changed
 * leader queued for the subscriber. Upstream events are requested one at a time, only while the subscriber
 * has demand and nothing is queued, so a slow subscriber holds the watch back instead of growing a buffer.
 */
final class LeaderFeed implements Flow.Subscription, Flow.Subscriber<WatchEvent> {
    private final Etcd etcd;
    private final String dir;
    private final Flow.Subscriber<? super Optional<EtcdElection.Leader>> downstream;
    /** The candidates by key: in-order keys sort by name. */
    private final TreeMap<String, Node> candidates = new TreeMap<>();
    private final ArrayDeque<Optional<EtcdElection.Leader>> out = new ArrayDeque<>();
    private Optional<EtcdElection.Leader> last;
    private Flow.Subscription upstream;
    private long demand;
    private boolean asked;
    private boolean cancelled;
    private boolean draining;
    private boolean again;
    private Throwable failure;
    private boolean completed;

    LeaderFeed(Etcd etcd, String dir, Flow.Subscriber<? super Optional<EtcdElection.Leader>> downstream) {
        this.etcd = etcd;
        this.dir = dir;
        this.downstream = downstream;
    }

    void start() {
        downstream.onSubscribe(this);
        etcd.async().get(dir, sorted(), quorum()).whenComplete((got, e) -> {
            Throwable cause = e == null ? null : Futures.unwrap(e);
            long index;
            synchronized (this) {
                if (cause instanceof KeyNotFoundException missing) {
                    index = missing.index();
                } else if (cause != null) {
                    failure = cause;
                    index = -1;
                } else {
                    replace(got.node().asDirectory().children());
                    index = got.etcdIndex();
                }
                if (index >= 0) {
                    publish();
                }
            }
            if (index >= 0 && !isCancelled()) {
                etcd.async().watch(dir, recursive(), afterIndex(index)).subscribe(this);
            }
            drain();
        });
    }

    private synchronized boolean isCancelled() {
        return cancelled;
    }

    private void replace(List<Node> children) {
        candidates.clear();
        for (Node n : children) {
            if (!n.isDirectory()) {
                candidates.put(n.key(), n);
            }
        }
    }

    /** Queues the leader if it differs from the last one queued. */
    private void publish() {
        Optional<EtcdElection.Leader> now = candidates.isEmpty()
                ? Optional.empty() : Optional.of(EtcdElection.leaderOf(candidates.firstEntry().getValue()));
        if (!now.equals(last)) {
            last = now;
            out.add(now);
        }
    }

    private void apply(EtcdResult event) {
        Node node = event.node();
        String key = node.key();
        boolean gone = switch (event.action()) {
            case DELETE, EXPIRE, COMPARE_AND_DELETE -> true;
            default -> false;
        };
        if (key.equals(dir)) {
            if (gone) {
                candidates.clear();
            }
        } else if (key.startsWith(dir + "/") && key.indexOf('/', dir.length() + 1) < 0 && !node.isDirectory()) {
            if (gone) {
                candidates.remove(key);
            } else {
                candidates.put(key, node);
            }
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        boolean cancel;
        synchronized (this) {
            upstream = subscription;
            cancel = cancelled;
        }
        if (cancel) {
            subscription.cancel();
        } else {
            drain();
        }
    }

    @Override
    public void onNext(WatchEvent item) {
        synchronized (this) {
            asked = false;
            if (item instanceof WatchEvent.Change change) {
                apply(change.result());
            } else if (item instanceof WatchEvent.Resync resync) {
                replace(resync.snapshot().filter(Node::isDirectory).map(n -> n.asDirectory().children()).orElse(List.of()));
            }
            publish();
        }
        drain();
    }

    @Override
    public void onError(Throwable throwable) {
        synchronized (this) {
            failure = throwable;
        }
        drain();
    }

    @Override
    public void onComplete() {
        synchronized (this) {
            completed = true;
        }
        drain();
    }

    @Override
    public void request(long n) {
        synchronized (this) {
            if (n <= 0) {
                failure = new IllegalArgumentException("request(" + n + "): demand must be positive (rule 3.9)");
            } else {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            }
        }
        drain();
    }

    @Override
    public void cancel() {
        Flow.Subscription up;
        synchronized (this) {
            cancelled = true;
            up = upstream;
        }
        if (up != null) {
            up.cancel();
        }
    }

    /** Delivers what is queued, one signal at a time (never two threads at once, never recursively). */
    private void drain() {
        synchronized (this) {
            if (draining) {
                again = true;
                return;
            }
            draining = true;
        }
        while (true) {
            Optional<EtcdElection.Leader> next = null;
            Throwable error = null;
            boolean complete = false;
            Flow.Subscription ask = null;
            synchronized (this) {
                if (cancelled) {
                    draining = false;
                    return;
                }
                if (demand > 0 && !out.isEmpty()) {
                    next = out.poll();
                    demand--;
                } else if (out.isEmpty() && (failure != null || completed)) {
                    error = failure;
                    complete = failure == null;
                    cancelled = true;
                } else if (out.isEmpty() && demand > 0 && upstream != null && !asked) {
                    asked = true;
                    ask = upstream;
                } else if (!again) {
                    draining = false;
                    return;
                }
                again = false;
            }
            if (next != null) {
                downstream.onNext(next);
            } else if (error != null) {
                cancel();
                downstream.onError(error);
            } else if (complete) {
                downstream.onComplete();
            } else if (ask != null) {
                ask.request(1);
            }
        }
    }
}
