package org.reveille.domain.model.settings;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every run-time knob of Reveille, with its JSON name, type, documented default and allowed values.
 * The README's configuration table and GET /api/settings/catalog are generated from the same data.
 */
public enum Setting {
    AGENT_STATE_MANAGER_ENABLED("agentStateManagerEnabled", Kind.BOOLEAN, "true", 0, 0, null,
            "Run the Agent State Manager poll."),
    AGENT_STATE_MANAGER_INTERVAL_MINUTES("agentStateManagerIntervalMinutes", Kind.INTEGER, "10", 1, 1440, "minutes",
            "Time between two Agent State Manager polls."),
    MAX_SUBNETS_PER_POLL("maxSubnetsPerPoll", Kind.INTEGER, "10", 1, 100_000, "subnets",
            "New or stale subnets queued for discovery by one poll, oldest first; the rest wait for the next poll."),
    STALE_AFTER_MINUTES("staleAfterMinutes", Kind.INTEGER, "180", 5, 43_200, "minutes",
            "A subnet with no agent communication for this long is marked stale and rediscovered."),
    DELETE_UNREACHABLE_AFTER_DAYS("deleteUnreachableAfterDays", Kind.INTEGER, "30", 1, 3650, "days",
            "A subnet unreachable for this long is deleted from the agent list."),
    DISCOVERY_STRATEGY("discoveryStrategy", Kind.CHOICE, "proactive", 0, 0, List.of("proactive", "on-demand"),
            "proactive: the poll adds inventory subnets inside the boundaries; on-demand: subnets are discovered when first woken."),
    HEARTBEAT_TIMEOUT_SECONDS("heartbeatTimeoutSeconds", Kind.INTEGER, "180", 3, 86_400, "seconds",
            "A Primary or Alternate silent for this long is replaced at once (Alternate promoted, a new Alternate recruited); keep it at least twice the agents' heartbeat interval."),
    PING_COUNT("pingCount", Kind.INTEGER, "2", 1, 10, "probes",
            "Probes sent to each machine of the ping list before it counts as down."),
    PING_TIMEOUT_MILLIS("pingTimeoutMillis", Kind.INTEGER, "1000", 50, 30_000, "ms",
            "How long to wait for each probe's answer."),
    PROBE_METHOD("probeMethod", Kind.CHOICE, "icmp", 0, 0, List.of("icmp", "tcp"),
            "icmp: echo request where the server may send one (else the TCP echo port); tcp: a connection to the agent port."),
    AGENT_PORT("agentPort", Kind.INTEGER, "1776", 1, 65_535, "tcp port",
            "Port the agents listen on for server commands."),
    SERVER_PORT("serverPort", Kind.INTEGER, "1777", 1, 65_535, "tcp port",
            "Port of the server's agent listener (registrations, heartbeats, results)."),
    MAGIC_PACKET_PORT("magicPacketPort", Kind.INTEGER, "9", 1, 65_535, "udp port",
            "Destination port of the magic packets the agents broadcast."),
    WAKE_RETRY_COUNT("wakeRetryCount", Kind.INTEGER, "2", 0, 10, "retries",
            "Re-sends to a target not confirmed awake (when the request asks for verification)."),
    WAKE_RETRY_DELAY_SECONDS("wakeRetryDelaySeconds", Kind.INTEGER, "60", 1, 3600, "seconds",
            "Delay before each re-send."),
    WAKE_RATE_LIMIT_PER_SUBNET("wakeRateLimitPerSubnet", Kind.INTEGER, "50", 0, 1_000_000, "packets/s",
            "Magic packets per second on one subnet; 0 means no limit."),
    WAKE_RATE_LIMIT_GLOBAL("wakeRateLimitGlobal", Kind.INTEGER, "1000", 0, 10_000_000, "packets/s",
            "Magic packets per second over all subnets; 0 means no limit."),
    WAKE_STAGGER_MILLIS("wakeStaggerMillis", Kind.INTEGER, "0", 0, 60_000, "ms",
            "Pause between two consecutive batches handed to agents (all subnets), so that a building's machines do not all start at once; 0 means none."),
    WAKE_DISCOVERY_WAIT_SECONDS("wakeDiscoveryWaitSeconds", Kind.INTEGER, "60", 1, 3600, "seconds",
            "How long targets on a subnet without Primary or Alternate wait for its on-demand discovery before they fail with \"no agent on subnet\"."),
    AUDIT_RETENTION_DAYS("auditRetentionDays", Kind.INTEGER, "400", 1, 36_500, "days",
            "Audit entries older than this are removed (hourly, oldest first; the removal is itself audited)."),
    HISTORY_RETENTION_DAYS("historyRetentionDays", Kind.INTEGER, "400", 1, 36_500, "days",
            "The dashboard's history (hourly coverage, daily outcomes) older than this is removed, every few minutes and at once on a change."),
    SECURE_TRANSPORT("secureTransport", Kind.CHOICE, "authenticated", 0, 0, List.of("plain", "authenticated", "encrypted"),
            "Server-agent traffic: plain; authenticated (enrolled agents sign with their own key, others with the shared key while sharedKeyAccepted); encrypted (authenticated, inside TLS: needs the listener's key store, wildfly-config/agent-tls.cli)."),
    SHARED_KEY_ACCEPTED("sharedKeyAccepted", Kind.BOOLEAN, "true", 0, 0, null,
            "Authenticated mode: whether agents that have not enrolled may still sign with the shared key. Set false once every agent has enrolled: from then on only enrolled agents are heard and commanded.");

    public enum Kind { BOOLEAN, INTEGER, CHOICE }

    private final String jsonName;
    private final Kind kind;
    private final String defaultValue;
    private final long min;
    private final long max;
    private final Object unitOrChoices;
    private final String description;

    Setting(String jsonName, Kind kind, String defaultValue, long min, long max, Object unitOrChoices, String description) {
        this.jsonName = jsonName;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.unitOrChoices = unitOrChoices;
        this.description = description;
    }

    public String jsonName() { return jsonName; }
    public Kind kind() { return kind; }
    public String description() { return description; }
    public Object defaultValue() { return parseStored(defaultValue); }

    public String unit() {
        return unitOrChoices instanceof String unit ? unit : null;
    }

    @SuppressWarnings("unchecked")
    public List<String> choices() {
        return kind == Kind.CHOICE ? (List<String>) unitOrChoices : List.of();
    }

    /** Allowed values in words, for documentation and error messages. */
    public String allowed() {
        return switch (kind) {
            case BOOLEAN -> "true or false";
            case INTEGER -> "an integer from " + min + " to " + max;
            case CHOICE -> "one of " + String.join(", ", choices());
        };
    }

    public static Optional<Setting> byJsonName(String name) {
        return Arrays.stream(values()).filter(s -> s.jsonName.equals(name)).findFirst();
    }

    /**
     * Validates a value as the client sent it: Boolean, a number (BigDecimal, as written), String, or anything else
     * (refused); the message of the exception is meant for the client.
     */
    public Object parse(Object value) {
        switch (kind) {
            case BOOLEAN:
                if (value instanceof Boolean b) return b;
                break;
            case INTEGER:
                if (value instanceof BigDecimal number && number.scale() == 0) {
                    long v;
                    try {
                        v = number.toBigIntegerExact().longValueExact();
                    } catch (ArithmeticException tooLarge) {
                        break;
                    }
                    if (v < min || v > max) {
                        throw new IllegalArgumentException("must be " + allowed() + ", was " + v);
                    }
                    return (int) v;
                }
                break;
            case CHOICE:
                if (value instanceof String text && choices().contains(text)) {
                    return text;
                }
                break;
        }
        throw new IllegalArgumentException("must be " + allowed() + ", was " + describe(value));
    }

    /** A value as it was written in the request, roughly: strings quoted. */
    private static String describe(Object value) {
        if (value instanceof String text) {
            return "\"" + text + "\"";
        }
        if (value instanceof BigDecimal number) {
            return number.toString();
        }
        if (value instanceof java.util.List<?>) {
            return "an array";
        }
        if (value instanceof java.util.Map<?, ?>) {
            return "an object";
        }
        return String.valueOf(value);
    }

    /** The stored (database) form is the canonical text of the value. */
    public Object parseStored(String text) {
        return switch (kind) {
            case BOOLEAN -> {
                if (!text.equals("true") && !text.equals("false")) throw new IllegalArgumentException(text);
                yield Boolean.valueOf(text);
            }
            case INTEGER -> {
                int v = Integer.parseInt(text);
                if (v < min || v > max) throw new IllegalArgumentException(text);
                yield v;
            }
            case CHOICE -> {
                if (!choices().contains(text)) throw new IllegalArgumentException(text);
                yield text;
            }
        };
    }
}
