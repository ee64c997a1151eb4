package org.reveille.interfaces.rest.manager;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import org.reveille.domain.model.subnet.PollHistoryEntry;
import org.reveille.domain.model.subnet.PollRecord;

/** One Agent State Manager poll of the history (docs/api.md, "Agent State Manager"), its counts at the top level. */
@JsonbPropertyOrder({"poll", "server", "trigger", "startedAt", "finishedAt", "new", "stale", "deleted", "queued", "remaining",
        "outOfBounds", "queuedSubnets"})
public record PollRepresentation(long poll, String server, String trigger, String startedAt, String finishedAt,
                                 @JsonbProperty("new") int added, int stale, int deleted, int queued, int remaining,
                                 int outOfBounds, List<String> queuedSubnets) {

    /** The assembler. */
    static PollRepresentation of(PollHistoryEntry poll) {
        PollRecord.Counts c = poll.counts();
        return new PollRepresentation(poll.number(), poll.server(), poll.trigger(), poll.startedAt().toString(),
                poll.finishedAt().toString(), c.added(), c.stale(), c.deleted(), c.queued(), c.remaining(), c.outOfBounds(),
                poll.queuedSubnets().stream().map(Object::toString).toList());
    }

    /** What a poll did, as GET /api/agent-state-manager shows the last one. */
    @JsonbPropertyOrder({"new", "stale", "deleted", "queued", "remaining", "outOfBounds"})
    public record Counts(@JsonbProperty("new") int added, int stale, int deleted, int queued, int remaining, int outOfBounds) {

        static Counts of(PollRecord.Counts c) {
            return new Counts(c.added(), c.stale(), c.deleted(), c.queued(), c.remaining(), c.outOfBounds());
        }
    }
}
