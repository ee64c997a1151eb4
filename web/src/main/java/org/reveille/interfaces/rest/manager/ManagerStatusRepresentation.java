package org.reveille.interfaces.rest.manager;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import org.reveille.domain.model.settings.Settings;
import org.reveille.domain.model.subnet.PollRecord;

/**
 * GET /api/agent-state-manager and the answer of POST .../poll (docs/api.md, "Agent State Manager"): the settings
 * that drive it, the last and next poll, and what the last one did; times and the last trigger only once known.
 */
@JsonbPropertyOrder({"enabled", "intervalMinutes", "strategy", "polls", "lastPollStartedAt", "lastPollFinishedAt", "nextPollAt",
        "lastTrigger", "lastServer", "lastPoll"})
public record ManagerStatusRepresentation(boolean enabled, long intervalMinutes, String strategy, long polls,
                                          String lastPollStartedAt, String lastPollFinishedAt, String nextPollAt,
                                          String lastTrigger, String lastServer, PollRepresentation.Counts lastPoll) {

    /** The assembler. */
    static ManagerStatusRepresentation of(PollRecord record, Settings current, Instant nextPoll) {
        boolean triggered = record.lastTrigger() != null;
        return new ManagerStatusRepresentation(current.agentStateManagerEnabled(), current.agentStateManagerInterval().toMinutes(),
                current.discoveryStrategy() == Settings.DiscoveryStrategy.PROACTIVE ? "proactive" : "on-demand", record.polls(),
                text(record.lastStartedAt()), text(record.lastFinishedAt()), text(nextPoll),
                triggered ? record.lastTrigger() : null, triggered ? record.lastServer() : null,
                PollRepresentation.Counts.of(record.lastCounts()));
    }

    private static String text(Instant value) {
        return value == null ? null : value.toString();
    }
}
