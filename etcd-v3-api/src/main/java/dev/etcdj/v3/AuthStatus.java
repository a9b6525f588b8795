package dev.etcdj.v3;

/**
 * Whether authentication is on, and the revision of the auth store (it grows with each change of users,
 * roles or permissions).
 *
 * @param enabled whether authentication is on
 * @param authRevision the auth store's revision
 */
public record AuthStatus(boolean enabled, long authRevision) {
}
