package org.reveille.domain.model.wake;

import java.util.EnumSet;
import java.util.Set;

/**
 * What happened to one target NIC of a wake job, and where it may go from here (docs/api.md, "Wake jobs"): every
 * state change of a target, in the entity or in a bulk statement of the repository, is one of {@link #next()}.
 */
public enum TargetState {
    QUEUED, DISPATCHED, SENT, AWAKE, FAILED, SKIPPED;

    public boolean isFinal() {
        return this == SENT || this == AWAKE || this == FAILED || this == SKIPPED;
    }

    /**
     * The states this one may move to. QUEUED is sent (the agent took its batch: SENT with the agent, in one write),
     * cancelled (SKIPPED) or failed (no agent); SENT fails when its agent reports that it could not send the packet,
     * becomes AWAKE when the machine answers, or QUEUED when verification sends it again. DISPATCHED is no longer
     * entered (docs/api.md, "Wake jobs"): a target left in it by an earlier version goes back to QUEUED after an
     * attempt that reached no agent, or is sent or failed.
     */
    public Set<TargetState> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(SENT, FAILED, SKIPPED);
            case DISPATCHED -> EnumSet.of(QUEUED, SENT, FAILED);
            case SENT -> EnumSet.of(AWAKE, QUEUED, FAILED);
            case AWAKE, FAILED, SKIPPED -> EnumSet.noneOf(TargetState.class);
        };
    }

    public boolean mayMoveTo(TargetState next) {
        return next().contains(next);
    }

    /** Throws unless every state of {@code from} may move to {@code to}. */
    public static void requireTransitions(Set<TargetState> from, TargetState to) {
        for (TargetState state : from) {
            if (!state.mayMoveTo(to)) {
                throw new IllegalStateException("a wake target never moves from " + state + " to " + to);
            }
        }
    }
}
