package dev.etcdj.api.admin;

import java.util.Objects;

/**
 * What {@code /version} reports.
 *
 * @param server the member's etcd version, e.g. {@code 3.4.23}
 * @param cluster the version the whole cluster runs at, e.g. {@code 3.4.0} ({@code not_decided} at start)
 */
public record ServerVersion(String server, String cluster) {
    /**
     * Checks the components.
     *
     * @param server the member's etcd version, e.g. {@code 3.4.23}
     * @param cluster the version the whole cluster runs at, e.g. {@code 3.4.0} ({@code not_decided} at start)
     */
    public ServerVersion {
        Objects.requireNonNull(server, "server == null");
        Objects.requireNonNull(cluster, "cluster == null");
    }
}
