package dev.etcdj.v3.spi;

import dev.etcdj.api.EtcdException;
import dev.etcdj.v3.Header;
import dev.etcdj.v3.WatchEvent;
import java.util.List;

/**
 * Receives what one watch stream of a {@link V3Adapter} brings, in order, on one thread at a time. Calls
 * must return quickly: they run on the adapter's thread (for a fake, under its lock).
 */
public interface WatchListener {
    /**
     * The changes of one or more whole revisions, in revision order; a revision is never split over two calls.
     *
     * @param header the answer's header
     * @param events the changes ({@link WatchEvent.Put} and {@link WatchEvent.Delete}), not empty
     */
    void onEvents(Header header, List<WatchEvent> events);

    /**
     * Every change up to {@code header.revision()} has been delivered on this stream.
     *
     * @param header the answer's header
     */
    void onProgress(Header header);

    /**
     * The stream ended: the start revision was compacted away ({@link WatchEvent.Compacted}), etcd canceled
     * the watch, or the connection broke. Called once, last.
     *
     * @param compactRevision the compaction that ended it, or 0
     * @param failure why it ended otherwise, or null with a compaction; an
     *     {@link dev.etcdj.api.EtcdConnectionException} or {@link dev.etcdj.api.EtcdTimeoutException} when a new
     *     stream may do better
     */
    void onEnd(long compactRevision, EtcdException failure);
}
