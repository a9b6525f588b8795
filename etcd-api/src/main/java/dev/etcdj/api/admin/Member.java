package dev.etcdj.api.admin;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A cluster member as {@code /v2/members} lists it.
 *
 * @param id the member id in lower-case hex, as etcd writes it (no leading zeros)
 * @param name the member's {@code --name}; empty for a member added but not started yet
 * @param peerUrls the URLs the members talk to each other on
 * @param clientUrls the URLs clients use; empty for a member not started yet
 */
public record Member(String id, String name, List<URI> peerUrls, List<URI> clientUrls) {
    /**
     * Checks and copies the components.
     *
     * @param id the member id in lower-case hex, as etcd writes it (no leading zeros)
     * @param name the member's {@code --name}; empty for a member added but not started yet
     * @param peerUrls the URLs the members talk to each other on
     * @param clientUrls the URLs clients use; empty for a member not started yet
     */
    public Member {
        Objects.requireNonNull(id, "id == null");
        Objects.requireNonNull(name, "name == null");
        peerUrls = List.copyOf(peerUrls);
        clientUrls = List.copyOf(clientUrls);
    }

    /** {@return whether the member has started (it has client URLs)} */
    public boolean isStarted() {
        return !clientUrls.isEmpty();
    }
}
