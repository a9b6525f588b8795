package dev.etcdj.api;

/**
 * An endpoint answered for a cluster other than the one the client was pinned to
 * ({@code HttpAdapter.Builder.expectedClusterId}): its {@code X-Etcd-Cluster-Id} differs, so its answer was
 * not used. Typically an endpoint list that mixes clusters, or a member re-created with a new cluster token.
 */
public final class EtcdClusterMismatchException extends EtcdException {
    private static final long serialVersionUID = 1L;
    /** The cluster id the client expects. */
    private final String expected;
    /** The cluster id the endpoint reported. */
    private final String actual;

    /**
     * Creates the exception for a request described by {@code what}.
     *
     * @param what the request, such as {@code "GET /v2/keys/a at http://10.0.0.1:2379"}
     * @param expected the cluster id the client expects
     * @param actual the cluster id the endpoint reported
     */
    public EtcdClusterMismatchException(String what, String expected, String actual) {
        super(what + ": the answer came from cluster " + actual + ", not from the expected cluster " + expected
                + "; it was not used");
        this.expected = expected;
        this.actual = actual;
    }

    /** {@return the cluster id the client expects} */
    public String expected() {
        return expected;
    }

    /** {@return the cluster id the endpoint reported} */
    public String actual() {
        return actual;
    }
}
