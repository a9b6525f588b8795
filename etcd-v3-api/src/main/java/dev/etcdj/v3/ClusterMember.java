package dev.etcdj.v3;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A member of the cluster, as etcd's member list gives it. A member added but not started yet has no
 * name and no client URLs ({@link #isStarted()}).
 *
 * @param id its id
 * @param name its name, empty until it has started
 * @param peerUrls the URLs it talks to the other members on
 * @param clientUrls the URLs clients reach it on, empty until it has started
 * @param learner whether it is a learner (a non-voting member, promoted with {@link Cluster#promote})
 */
public record ClusterMember(long id, String name, List<URI> peerUrls, List<URI> clientUrls, boolean learner) {
    /**
     * Checks and copies the components.
     *
     * @param id its id
     * @param name its name
     * @param peerUrls its peer URLs
     * @param clientUrls its client URLs
     * @param learner whether it is a learner
     */
    public ClusterMember {
        Objects.requireNonNull(name, "name == null");
        peerUrls = List.copyOf(peerUrls);
        clientUrls = List.copyOf(clientUrls);
    }

    /** {@return whether the member has started and joined (it has a name or client URLs)} */
    public boolean isStarted() {
        return !name.isEmpty() || !clientUrls.isEmpty();
    }

    @Override
    public String toString() {
        return "ClusterMember[" + Long.toUnsignedString(id, 16) + (name.isEmpty() ? " (unstarted)" : " " + name)
                + ", peers " + peerUrls + ", clients " + clientUrls + (learner ? ", learner" : "") + "]";
    }
}
