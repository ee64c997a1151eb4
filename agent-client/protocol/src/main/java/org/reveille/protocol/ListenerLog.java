package org.reveille.protocol;

import java.time.Duration;

/**
 * Where a {@link FrameServer} reports the connections and frames it refused. The server logs them with typed
 * REVEILLE ids; agents use {@link #system()}. Calls are already rate-limited by the listener (per kind, a few lines a
 * minute, then one {@link #suppressed} line), so a flood of hostile connections cannot fill the log.
 */
public interface ListenerLog {

    /** What was refused; each kind's text is {@code String.format(template, peer, detail)}. */
    enum Refusal {
        /** The decoder refused a frame (BAD_MAGIC, OVERSIZED, TRUNCATED, BAD_SIGNATURE, ...). */
        BAD_FRAME("Refused frame from %s: %s; connection closed, nothing executed"),
        /** One side requires signatures or TLS, the other does not. */
        SECURITY_MISMATCH("Security mismatch with %s: %s; nothing executed"),
        /** A valid message of a type this listener does not serve. */
        UNEXPECTED_MESSAGE("Refused message from %s: %s; connection closed, nothing executed"),
        /** A TLS handshake failed. */
        TLS_HANDSHAKE("TLS handshake with %s failed; nothing executed: %s"),
        /** A new connection over the per-address or the total limit, answered BUSY. */
        CONNECTION_LIMIT("Refused a connection from %s: %s"),
        /** The oldest connection without a complete frame, closed to admit a new one. */
        EVICTED("Closed the connection of %s to make room: %s"),
        /** A frame (or the first frame) not complete by its deadline. */
        FRAME_DEADLINE("Closed the connection of %s: %s"),
        /** A peer that did not take its reply by the deadline. */
        REPLY_NOT_READ("Closed the connection of %s: %s");

        private final String template;

        Refusal(String template) {
            this.template = template;
        }

        public String format(String peer, String detail) {
            return String.format(template, peer, detail);
        }
    }

    void refused(Refusal refusal, String peer, String detail);

    /** {@code lines} lines of this kind were left out during {@code window}. */
    void suppressed(Refusal refusal, long lines, Duration window);

    /** Logs through System.Logger (java.util.logging on an agent) as WARNING. */
    static ListenerLog system() {
        System.Logger log = System.getLogger(FrameServer.class.getName());
        return new ListenerLog() {
            @Override
            public void refused(Refusal refusal, String peer, String detail) {
                log.log(System.Logger.Level.WARNING, refusal.format(peer, detail));
            }

            @Override
            public void suppressed(Refusal refusal, long lines, Duration window) {
                log.log(System.Logger.Level.WARNING, lines + " more line(s) like \"" + refusal.format("<peer>", "...")
                        + "\" left out in the last " + window.toSeconds() + " s");
            }
        };
    }
}
