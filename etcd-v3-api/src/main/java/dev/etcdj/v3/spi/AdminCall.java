package dev.etcdj.v3.spi;

import dev.etcdj.v3.Alarm;
import dev.etcdj.v3.AuthStatus;
import dev.etcdj.v3.ByteSequence;
import dev.etcdj.v3.ClusterMember;
import dev.etcdj.v3.Header;
import dev.etcdj.v3.KvHash;
import dev.etcdj.v3.MemberStatus;
import dev.etcdj.v3.Permission;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A cluster, maintenance or auth call for {@link V3Adapter#admin}, typed by its answer {@code R}; built
 * and checked by {@link dev.etcdj.v3.Cluster}, {@link dev.etcdj.v3.Maintenance} and {@link dev.etcdj.v3.Auth}.
 * A call that names an {@code endpoint} goes to that member alone (null: any); passwords never appear in
 * {@code toString()}.
 *
 * @param <R> the answer's type
 */
public sealed interface AdminCall<R> {
    /** {@return whether sending the call twice does what sending it once does, so it may be re-sent} */
    default boolean idempotent() {
        return false;
    }

    /** The members. */
    record MemberList() implements AdminCall<List<ClusterMember>> {
        @Override
        public boolean idempotent() {
            return true;
        }
    }

    /**
     * Adds a member, to be started with these peer URLs.
     *
     * @param peerUrls its peer URLs
     * @param learner whether it joins as a learner
     */
    record MemberAdd(List<URI> peerUrls, boolean learner) implements AdminCall<ClusterMember> {
        /**
         * Copies the URLs.
         *
         * @param peerUrls the URLs
         * @param learner a learner
         */
        public MemberAdd {
            peerUrls = List.copyOf(peerUrls);
        }
    }

    /**
     * Removes a member.
     *
     * @param id the member
     */
    record MemberRemove(long id) implements AdminCall<List<ClusterMember>> {}

    /**
     * Changes a member's peer URLs.
     *
     * @param id the member
     * @param peerUrls its new peer URLs
     */
    record MemberUpdate(long id, List<URI> peerUrls) implements AdminCall<List<ClusterMember>> {
        /**
         * Copies the URLs.
         *
         * @param id the member
         * @param peerUrls the URLs
         */
        public MemberUpdate {
            peerUrls = List.copyOf(peerUrls);
        }
    }

    /**
     * Promotes a learner to a voting member.
     *
     * @param id the learner
     */
    record MemberPromote(long id) implements AdminCall<List<ClusterMember>> {}

    /**
     * A member's status.
     *
     * @param endpoint the member's client URL, or null for any
     */
    record Status(String endpoint) implements AdminCall<MemberStatus> {
        @Override
        public boolean idempotent() {
            return true;
        }
    }

    /** The alarms raised. */
    record Alarms() implements AdminCall<List<Alarm>> {
        @Override
        public boolean idempotent() {
            return true;
        }
    }

    /**
     * Disarms an alarm.
     *
     * @param alarm the alarm
     */
    record DisarmAlarm(Alarm alarm) implements AdminCall<List<Alarm>> {
        /**
         * Checks the alarm.
         *
         * @param alarm the alarm
         */
        public DisarmAlarm {
            Objects.requireNonNull(alarm, "alarm == null");
        }

        @Override
        public boolean idempotent() {
            return true;
        }
    }

    /**
     * Defragments a member's backend, freeing the space compaction left.
     *
     * @param endpoint the member's client URL, or null for any
     */
    record Defragment(String endpoint) implements AdminCall<Header> {
        @Override
        public boolean idempotent() {
            return true;
        }
    }

    /**
     * The hash of a member's key-value history.
     *
     * @param endpoint the member's client URL, or null for any
     * @param revision the revision to hash up to, 0 for the current one
     */
    record HashKv(String endpoint, long revision) implements AdminCall<KvHash> {
        @Override
        public boolean idempotent() {
            return true;
        }
    }

    /** Turns authentication on (a root user with the root role must exist). */
    record AuthEnable() implements AdminCall<Header> {
        @Override
        public boolean idempotent() {
            return true;
        }
    }

    /** Turns authentication off. */
    record AuthDisable() implements AdminCall<Header> {
        @Override
        public boolean idempotent() {
            return true;
        }
    }

    /** Whether authentication is on (etcd 3.5 and later). */
    record AuthStatusCall() implements AdminCall<AuthStatus> {
        @Override
        public boolean idempotent() {
            return true;
        }
    }

    /**
     * Adds a user.
     *
     * @param name the user
     * @param password the password, or null for a user that only authenticates by TLS certificate
     */
    record UserAdd(String name, char[] password) implements AdminCall<Header> {
        @Override
        public String toString() {
            return "UserAdd[" + name + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UserAdd u && u.name.equals(name) && java.util.Arrays.equals(u.password, password);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }

    /**
     * A user's roles.
     *
     * @param name the user
     */
    record UserGet(String name) implements AdminCall<List<String>> {
        @Override
        public boolean idempotent() {
            return true;
        }
    }

    /** The users. */
    record UserList() implements AdminCall<List<String>> {
        @Override
        public boolean idempotent() {
            return true;
        }
    }

    /**
     * Deletes a user.
     *
     * @param name the user
     */
    record UserDelete(String name) implements AdminCall<Header> {}

    /**
     * Changes a user's password.
     *
     * @param name the user
     * @param password the new password
     */
    record UserChangePassword(String name, char[] password) implements AdminCall<Header> {
        @Override
        public String toString() {
            return "UserChangePassword[" + name + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UserChangePassword u && u.name.equals(name) && java.util.Arrays.equals(u.password, password);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }

        @Override
        public boolean idempotent() {
            return true;
        }
    }

    /**
     * Grants a role to a user.
     *
     * @param user the user
     * @param role the role
     */
    record UserGrantRole(String user, String role) implements AdminCall<Header> {}

    /**
     * Revokes a role from a user.
     *
     * @param user the user
     * @param role the role
     */
    record UserRevokeRole(String user, String role) implements AdminCall<Header> {}

    /**
     * Adds a role.
     *
     * @param name the role
     */
    record RoleAdd(String name) implements AdminCall<Header> {}

    /**
     * A role's permissions.
     *
     * @param name the role
     */
    record RoleGet(String name) implements AdminCall<List<Permission>> {
        @Override
        public boolean idempotent() {
            return true;
        }
    }

    /** The roles. */
    record RoleList() implements AdminCall<List<String>> {
        @Override
        public boolean idempotent() {
            return true;
        }
    }

    /**
     * Deletes a role.
     *
     * @param name the role
     */
    record RoleDelete(String name) implements AdminCall<Header> {}

    /**
     * Grants a permission to a role.
     *
     * @param role the role
     * @param permission the permission
     */
    record RoleGrantPermission(String role, Permission permission) implements AdminCall<Header> {
        @Override
        public boolean idempotent() {
            return true;
        }
    }

    /**
     * Revokes the permission on a key or range from a role.
     *
     * @param role the role
     * @param key the permission's key
     * @param rangeEnd the permission's range end, empty for the key alone
     */
    record RoleRevokePermission(String role, ByteSequence key, ByteSequence rangeEnd) implements AdminCall<Header> {}
}
