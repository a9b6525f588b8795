package dev.etcdj.http.internal;

import java.io.IOException;

/**
 * A stream of text messages from a server: a WebSocket ({@link WebSocketConnection}, full duplex) or the
 * answer to one POST ({@link StreamingPost}, one message per line, nothing more can be sent). One reader;
 * {@link #close()} from any thread wakes it.
 */
public interface TextStream extends AutoCloseable {
    /** How long a message that has begun may take at least, past the deadline for it to begin: one is never cut in two. */
    long BEGUN_MESSAGE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    /**
     * {@return the next message}
     *
     * @param deadlineAt when to stop waiting for one to begin, in {@link System#nanoTime()}, or 0 for never;
     *     one begun has {@link #BEGUN_MESSAGE_NANOS} more at least
     * @throws java.net.http.HttpTimeoutException if none began in time
     * @throws java.io.EOFException if the server ended the stream
     * @throws IOException if the connection failed or the server broke the protocol
     */
    String receiveText(long deadlineAt) throws IOException;

    /** {@return whether {@link #sendText} works: messages can go to the server while it streams} */
    boolean fullDuplex();

    /**
     * Sends a message.
     *
     * @param text the message
     * @throws IOException if it could not be sent
     * @throws UnsupportedOperationException if the stream is not {@link #fullDuplex()}
     */
    void sendText(String text) throws IOException;

    /** Ends the stream and closes its connection. Idempotent. */
    @Override
    void close();
}
