package dev.etcdj.v3.spi;

import dev.etcdj.v3.ByteSequence;
import java.util.Objects;

/**
 * What to watch, as etcd's {@code WatchCreateRequest}: a key or a range, from a revision, with filters.
 * Built and checked by {@link dev.etcdj.v3.EtcdV3#watch}.
 *
 * @param key the key, or the start of the range
 * @param rangeEnd the end of the range, exclusive; empty for {@code key} alone, {@code \0} for every key from it
 * @param startRevision the first revision to deliver, or 0 for the next one
 * @param prevKv whether events carry the key as it was before
 * @param noPut leave out writes
 * @param noDelete leave out deletes
 * @param progressNotify have etcd send progress notes when idle
 */
public record WatchRequest(ByteSequence key, ByteSequence rangeEnd, long startRevision, boolean prevKv, boolean noPut,
                           boolean noDelete, boolean progressNotify) {
    /**
     * Checks the components.
     *
     * @param key the key
     * @param rangeEnd the range's end
     * @param startRevision the first revision, or 0
     * @param prevKv previous values
     * @param noPut no writes
     * @param noDelete no deletes
     * @param progressNotify progress notes
     */
    public WatchRequest {
        Objects.requireNonNull(key, "key == null");
        Objects.requireNonNull(rangeEnd, "rangeEnd == null");
        if (startRevision < 0) {
            throw new IllegalArgumentException("startRevision < 0: " + startRevision);
        }
    }

    /**
     * {@return this request, from {@code revision} on: how a watch resumes}
     *
     * @param revision the first revision to deliver
     */
    public WatchRequest from(long revision) {
        return new WatchRequest(key, rangeEnd, revision, prevKv, noPut, noDelete, progressNotify);
    }

    @Override
    public String toString() {
        return "watch " + key + (rangeEnd.isEmpty() ? "" : ".." + rangeEnd)
                + (startRevision == 0 ? "" : " from revision " + startRevision);
    }
}
