package dev.etcdj.testkit;

import dev.etcdj.api.Etcd;
import java.util.List;

/**
 * An etcd cluster a test can hurt: {@link EtcdProcessCluster} (real etcd processes) and
 * {@link FakeEtcdCluster} (fake members in this JVM) both are one, so a failover test is written once and
 * run on both.
 */
public interface TestCluster extends AutoCloseable {
    /** One member. */
    interface Member {
        /** {@return the member's name ({@code m1}, {@code m2}, ...)} */
        String name();

        /** {@return its client URL} */
        String clientUrl();

        /** {@return whether it is running (a paused member is)} */
        boolean isRunning();

        /** Stops it cleanly; its data stays for {@link #restart()}. */
        void stop();

        /** Stops it abruptly, as a crash would (connections cut, nothing flushed). */
        void kill();

        /** Starts it again, with its data, and waits until it serves. */
        void restart();

        /** Freezes it: connections stay open and nothing answers. */
        void pause();

        /** Lets a paused member go on. */
        void resume();
    }

    /** {@return the current members, in the order they joined} */
    List<? extends Member> members();

    /**
     * {@return member {@code i} (0-based, in the order they joined)}
     *
     * @param i the member's position
     */
    Member member(int i);

    /** {@return every member's client URL} */
    default List<String> clientUrls() {
        return members().stream().map(Member::clientUrl).toList();
    }

    /** {@return a new client on every member's client URL (close it when done)} */
    Etcd client();

    /** {@return the member that leads now} */
    Member leader();

    /** {@return the members that do not lead} */
    List<? extends Member> followers();

    /**
     * Adds a member through the members API, starts it and waits until it serves.
     *
     * @return the new member, serving
     */
    Member addMember();

    /**
     * Removes {@code member} through the members API and stops it.
     *
     * @param member the member
     */
    void removeMember(Member member);

    /** Stops every member and deletes what they kept. */
    @Override
    void close();
}
