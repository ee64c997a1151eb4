package org.reveille.domain.model.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;

/** An immutable snapshot of every setting, defaults filled in. */
public final class Settings {

    public enum DiscoveryStrategy { PROACTIVE, ON_DEMAND }

    private final Map<Setting, Object> values;

    private Settings(Map<Setting, Object> values) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
    }

    public static Settings defaults() {
        Map<Setting, Object> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            values.put(s, s.defaultValue());
        }
        return new Settings(values);
    }

    /** Builds settings from stored rows; a row that no longer parses falls back to the default. */
    public static Settings fromStored(Map<String, String> rows, java.util.function.BiConsumer<String, String> onInvalid) {
        Map<Setting, Object> values = new EnumMap<>(defaults().values);
        rows.forEach((name, text) -> Setting.byJsonName(name).ifPresentOrElse(setting -> {
            try {
                values.put(setting, setting.parseStored(text));
            } catch (RuntimeException e) {
                onInvalid.accept(name, text);
            }
        }, () -> onInvalid.accept(name, text)));
        return new Settings(values);
    }

    /**
     * Applies a partial update: every member of {@code changes} must name a setting and hold a valid value.
     * All-or-nothing: one bad member rejects the whole update, with every violation listed.
     */
    public Settings with(Map<String, Object> changes) {
        Map<Setting, Object> updated = new EnumMap<>(values);
        List<Violation> violations = new ArrayList<>();
        for (Map.Entry<String, Object> member : changes.entrySet()) {
            var setting = Setting.byJsonName(member.getKey());
            if (setting.isEmpty()) {
                violations.add(new Violation(member.getKey(), "unknown setting"));
                continue;
            }
            try {
                updated.put(setting.get(), setting.get().parse(member.getValue()));
            } catch (IllegalArgumentException e) {
                violations.add(new Violation(member.getKey(), e.getMessage()));
            }
        }
        if (violations.isEmpty() && updated.get(Setting.AGENT_PORT).equals(updated.get(Setting.SERVER_PORT))) {
            violations.add(new Violation(Setting.SERVER_PORT.jsonName(), "must differ from agentPort"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Invalid settings: nothing was changed", violations);
        }
        return new Settings(updated);
    }

    public Object get(Setting setting) {
        return values.get(setting);
    }

    /** The settings whose value differs between this and {@code other}, as name=value pairs. */
    public Map<Setting, Object> differencesFrom(Settings other) {
        Map<Setting, Object> diff = new EnumMap<>(Setting.class);
        values.forEach((k, v) -> {
            if (!v.equals(other.values.get(k))) diff.put(k, v);
        });
        return diff;
    }

    /** Every setting by its JSON name, in the catalog's order: Boolean, Integer or String. */
    public Map<String, Object> byName() {
        Map<String, Object> byName = new java.util.LinkedHashMap<>();
        values.forEach((setting, value) -> byName.put(setting.jsonName(), value));
        return byName;
    }

    public boolean agentStateManagerEnabled() { return (Boolean) values.get(Setting.AGENT_STATE_MANAGER_ENABLED); }
    public Duration agentStateManagerInterval() { return Duration.ofMinutes(intOf(Setting.AGENT_STATE_MANAGER_INTERVAL_MINUTES)); }
    public int maxSubnetsPerPoll() { return intOf(Setting.MAX_SUBNETS_PER_POLL); }
    public Duration staleAfter() { return Duration.ofMinutes(intOf(Setting.STALE_AFTER_MINUTES)); }
    public Duration deleteUnreachableAfter() { return Duration.ofDays(intOf(Setting.DELETE_UNREACHABLE_AFTER_DAYS)); }
    public DiscoveryStrategy discoveryStrategy() {
        return "on-demand".equals(values.get(Setting.DISCOVERY_STRATEGY)) ? DiscoveryStrategy.ON_DEMAND : DiscoveryStrategy.PROACTIVE;
    }
    public Duration heartbeatTimeout() { return Duration.ofSeconds(intOf(Setting.HEARTBEAT_TIMEOUT_SECONDS)); }
    public int pingCount() { return intOf(Setting.PING_COUNT); }
    public Duration pingTimeout() { return Duration.ofMillis(intOf(Setting.PING_TIMEOUT_MILLIS)); }
    public boolean probeByTcp() { return "tcp".equals(values.get(Setting.PROBE_METHOD)); }
    public int agentPort() { return intOf(Setting.AGENT_PORT); }
    public int serverPort() { return intOf(Setting.SERVER_PORT); }
    public int magicPacketPort() { return intOf(Setting.MAGIC_PACKET_PORT); }
    public int wakeRetryCount() { return intOf(Setting.WAKE_RETRY_COUNT); }
    public Duration wakeRetryDelay() { return Duration.ofSeconds(intOf(Setting.WAKE_RETRY_DELAY_SECONDS)); }
    public int wakeRateLimitPerSubnet() { return intOf(Setting.WAKE_RATE_LIMIT_PER_SUBNET); }
    public int wakeRateLimitGlobal() { return intOf(Setting.WAKE_RATE_LIMIT_GLOBAL); }
    public Duration wakeStagger() { return Duration.ofMillis(intOf(Setting.WAKE_STAGGER_MILLIS)); }
    public Duration wakeDiscoveryWait() { return Duration.ofSeconds(intOf(Setting.WAKE_DISCOVERY_WAIT_SECONDS)); }
    public Duration auditRetention() { return Duration.ofDays(intOf(Setting.AUDIT_RETENTION_DAYS)); }
    public Duration historyRetention() { return Duration.ofDays(intOf(Setting.HISTORY_RETENTION_DAYS)); }
    public String secureTransport() { return (String) values.get(Setting.SECURE_TRANSPORT); }
    public boolean sharedKeyAccepted() { return (Boolean) values.get(Setting.SHARED_KEY_ACCEPTED); }

    private int intOf(Setting setting) {
        return (Integer) values.get(setting);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
