package org.reveille.domain.model.wake;

/**
 * The category of a final target's reason (docs/architecture.md, "Insight"): a few fixed words for the history and
 * the metrics (README, "Metrics"), where the free text of {@code reason} would make a series per machine.
 */
public final class TargetReason {

    private TargetReason() {
    }

    /** The outcome as the history counts it: the state, or {@code not-confirmed} for a verified target that never answered. */
    public static String outcome(TargetState state, String reason) {
        if (state == TargetState.SENT && reason != null && reason.startsWith("sent, not confirmed")) {
            return "not-confirmed";
        }
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The reason's category for a target in {@code state}; {@code none} where there is no reason to count. */
    public static String category(TargetState state, String reason) {
        if (reason == null) {
            return "none";
        }
        return switch (state) {
            case SKIPPED -> reason.startsWith("cancelled by") ? "cancelled"
                    : reason.startsWith("no subnet known") ? "no-subnet"
                    : reason.startsWith("outside the boundaries") ? "outside-boundaries"
                    : reason.startsWith("the inventory has no NIC") ? "no-nic"
                    : "unknown-target";
            case FAILED -> reason.startsWith("no agent on subnet") ? "no-agent"
                    : reason.startsWith("no agent of subnet") ? "agent-unreachable"
                    : reason.contains("could not send the magic packet") ? "agent-could-not-send"
                    : reason.startsWith("the subnet was removed") || reason.startsWith("the job is gone") ? "subnet-removed"
                    : "other";
            case SENT -> reason.startsWith("sent, not confirmed") ? "no-answer" : "none";
            default -> "none";
        };
    }
}
