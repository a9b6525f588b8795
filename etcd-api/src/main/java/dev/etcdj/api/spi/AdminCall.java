package dev.etcdj.api.spi;

import dev.etcdj.api.admin.LeaderStats;
import dev.etcdj.api.admin.Member;
import dev.etcdj.api.admin.Permissions;
import dev.etcdj.api.admin.Role;
import dev.etcdj.api.admin.SelfStats;
import dev.etcdj.api.admin.ServerVersion;
import dev.etcdj.api.admin.StoreStats;
import dev.etcdj.api.admin.User;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A cluster, stats or auth call of etcd's v2 API, typed by its result: what {@link EtcdAdapter#admin}
 * carries. The facades {@link dev.etcdj.api.admin.EtcdCluster} and {@link dev.etcdj.api.admin.EtcdAuth}
 * build them; adapters switch over them.
 *
 * @param <T> the result type ({@link Void} for calls that answer nothing)
 */
public sealed interface AdminCall<T> {
    /**
     * {@return whether the call changes the cluster or the auth store (and may have been applied when its
     * answer is lost)}
     */
    default boolean isWrite() {
        return false;
    }

    /** A call that changes the cluster or the auth store. */
    sealed interface Change<T> extends AdminCall<T> permits AddMember, UpdateMember, RemoveMember, SetAuth, PutUser,
            DeleteUser, PutRole, DeleteRole {
        @Override
        default boolean isWrite() {
            return true;
        }
    }

    /** {@code GET /v2/machines}. */
    record Machines() implements AdminCall<List<URI>> {}

    /** {@code GET /v2/members}. */
    record Members() implements AdminCall<List<Member>> {}

    /** {@code GET /v2/members/leader}. */
    record Leader() implements AdminCall<Member> {}

    /**
     * {@code POST /v2/members}.
     *
     * @param peerUrls the new member's peer URLs
     */
    record AddMember(List<URI> peerUrls) implements Change<Member> {
        /**
         * Checks the URLs.
         *
         * @param peerUrls the new member's peer URLs, at least one
         */
        public AddMember {
            peerUrls = List.copyOf(peerUrls);
            if (peerUrls.isEmpty()) {
                throw new IllegalArgumentException("a member needs at least one peer URL");
            }
        }
    }

    /**
     * {@code PUT /v2/members/<id>}.
     *
     * @param id the member
     * @param peerUrls its new peer URLs
     */
    record UpdateMember(String id, List<URI> peerUrls) implements Change<Void> {
        /**
         * Checks the components.
         *
         * @param id the member's id, as etcd prints it (hexadecimal)
         * @param peerUrls its new peer URLs, at least one
         */
        public UpdateMember {
            Objects.requireNonNull(id, "id == null");
            peerUrls = List.copyOf(peerUrls);
            if (peerUrls.isEmpty()) {
                throw new IllegalArgumentException("a member needs at least one peer URL");
            }
        }
    }

    /**
     * {@code DELETE /v2/members/<id>}.
     *
     * @param id the member
     */
    record RemoveMember(String id) implements Change<Void> {
        /**
         * Checks the id.
         *
         * @param id the member's id, as etcd prints it (hexadecimal)
         */
        public RemoveMember {
            Objects.requireNonNull(id, "id == null");
        }
    }

    /** {@code GET /v2/stats/self}. */
    record Self() implements AdminCall<SelfStats> {}

    /** {@code GET /v2/stats/leader}. */
    record LeaderStatistics() implements AdminCall<LeaderStats> {}

    /** {@code GET /v2/stats/store}. */
    record Store() implements AdminCall<StoreStats> {}

    /** {@code GET /version}. */
    record Version() implements AdminCall<ServerVersion> {}

    /** {@code GET /health}: true when the member has a leader and can commit. */
    record Health() implements AdminCall<Boolean> {}

    /** {@code GET /v2/auth/enable}. */
    record AuthStatus() implements AdminCall<Boolean> {}

    /**
     * {@code PUT} ({@code enable} true) or {@code DELETE /v2/auth/enable}.
     *
     * @param enable true to enable auth, false to disable it
     */
    record SetAuth(boolean enable) implements Change<Void> {
    }

    /** {@code GET /v2/auth/users}. */
    record Users() implements AdminCall<List<User>> {}

    /**
     * {@code GET /v2/auth/users/<name>}.
     *
     * @param name the user
     */
    record GetUser(String name) implements AdminCall<User> {
        /**
         * Checks the name.
         *
         * @param name the user's name: not empty, no {@code /}
         */
        public GetUser {
            AdminCalls.checkName(name, "user");
        }
    }

    /**
     * {@code PUT /v2/auth/users/<name>}: creates the user, or changes its password and/or roles.
     *
     * @param name the user
     * @param password the new password, or null to keep it (a copy: {@link #clear()} it when done)
     * @param roles for a new user, its roles; empty otherwise
     * @param grant roles to add to an existing user
     * @param revoke roles to take from an existing user
     * @param create whether the user is new
     */
    record PutUser(String name, char[] password, List<String> roles, List<String> grant, List<String> revoke,
                   boolean create) implements Change<User> {
        /**
         * Checks the components and copies the password.
         *
         * @param name the user's name: not empty, no {@code /}
         * @param password the new password, or null to keep it; copied
         * @param roles for a new user, its roles; empty otherwise
         * @param grant roles to add to an existing user
         * @param revoke roles to take from an existing user
         * @param create whether the user is new
         */
        public PutUser {
            AdminCalls.checkName(name, "user");
            password = password == null ? null : password.clone();
            roles = List.copyOf(roles);
            grant = List.copyOf(grant);
            revoke = List.copyOf(revoke);
        }

        /** Overwrites the copy of the password. */
        public void clear() {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }

        /** Leaves the password out. */
        @Override
        public String toString() {
            return "PutUser[" + name + (password == null ? "" : ", password=***") + ", roles=" + roles + ", grant=" + grant
                    + ", revoke=" + revoke + ", create=" + create + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PutUser p && p.name.equals(name) && Arrays.equals(p.password, password)
                    && p.roles.equals(roles) && p.grant.equals(grant) && p.revoke.equals(revoke) && p.create == create;
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, roles, grant, revoke, create);
        }
    }

    /**
     * {@code DELETE /v2/auth/users/<name>}.
     *
     * @param name the user
     */
    record DeleteUser(String name) implements Change<Void> {
        /**
         * Checks the name.
         *
         * @param name the user's name: not empty, no {@code /}
         */
        public DeleteUser {
            AdminCalls.checkName(name, "user");
        }
    }

    /** {@code GET /v2/auth/roles}. */
    record Roles() implements AdminCall<List<Role>> {}

    /**
     * {@code GET /v2/auth/roles/<name>}.
     *
     * @param name the role
     */
    record GetRole(String name) implements AdminCall<Role> {
        /**
         * Checks the name.
         *
         * @param name the role's name: not empty, no {@code /}
         */
        public GetRole {
            AdminCalls.checkName(name, "role");
        }
    }

    /**
     * {@code PUT /v2/auth/roles/<name>}: creates the role with {@code grant} as its permissions, or grants
     * and revokes permissions of an existing one.
     *
     * @param name the role
     * @param grant permissions to give (a new role's permissions)
     * @param revoke permissions to take away
     * @param create whether the role is new
     */
    record PutRole(String name, Permissions grant, Permissions revoke, boolean create) implements Change<Role> {
        /**
         * Checks the components.
         *
         * @param name the role's name: not empty, no {@code /}
         * @param grant permissions to give (a new role's permissions)
         * @param revoke permissions to take away
         * @param create whether the role is new
         */
        public PutRole {
            AdminCalls.checkName(name, "role");
            Objects.requireNonNull(grant, "grant == null");
            Objects.requireNonNull(revoke, "revoke == null");
        }
    }

    /**
     * {@code DELETE /v2/auth/roles/<name>}.
     *
     * @param name the role
     */
    record DeleteRole(String name) implements Change<Void> {
        /**
         * Checks the name.
         *
         * @param name the role's name: not empty, no {@code /}
         */
        public DeleteRole {
            AdminCalls.checkName(name, "role");
        }
    }
}
