package org.reveille.infrastructure.agent;

import java.time.Duration;
import org.reveille.infrastructure.metrics.MicrometerTelemetry;
import org.reveille.logging.ReveilleLogger;
import org.reveille.protocol.ListenerLog;

/**
 * The agent listener's refusals as typed REVEILLE messages (ids 60-68; the listener already rate-limits them) and as the
 * counter reveille_agent_listener_refused_total (every refusal, its line written or suppressed).
 */
final class AgentListenerLog implements ListenerLog {

    private final MicrometerTelemetry telemetry;

    AgentListenerLog(MicrometerTelemetry telemetry) {
        this.telemetry = telemetry;
    }

    @Override
    public void refused(Refusal refusal, String peer, String detail) {
        telemetry.refused(refusal, 1);
        switch (refusal) {
            case BAD_FRAME -> ReveilleLogger.LOG.listenerRefusedFrame(peer, detail);
            case SECURITY_MISMATCH -> ReveilleLogger.LOG.listenerSecurityMismatch(peer, detail);
            case UNEXPECTED_MESSAGE -> ReveilleLogger.LOG.listenerUnexpectedMessage(peer, detail);
            case CONNECTION_LIMIT -> ReveilleLogger.LOG.listenerConnectionRefused(peer, detail);
            case EVICTED -> ReveilleLogger.LOG.listenerEvicted(peer, detail);
            case FRAME_DEADLINE -> ReveilleLogger.LOG.listenerFrameDeadline(peer, detail);
            case REPLY_NOT_READ -> ReveilleLogger.LOG.listenerReplyNotRead(peer, detail);
            case TLS_HANDSHAKE -> ReveilleLogger.LOG.listenerTlsHandshakeFailed(peer, detail);
        }
    }

    @Override
    public void suppressed(Refusal refusal, long lines, Duration window) {
        telemetry.refused(refusal, lines);
        ReveilleLogger.LOG.listenerLinesSuppressed(lines, idOf(refusal), window.toSeconds());
    }

    static int idOf(Refusal refusal) {
        return switch (refusal) {
            case BAD_FRAME -> 60;
            case SECURITY_MISMATCH -> 61;
            case UNEXPECTED_MESSAGE -> 62;
            case CONNECTION_LIMIT -> 63;
            case EVICTED -> 64;
            case FRAME_DEADLINE -> 65;
            case REPLY_NOT_READ -> 66;
            case TLS_HANDSHAKE -> 67;
        };
    }
}
