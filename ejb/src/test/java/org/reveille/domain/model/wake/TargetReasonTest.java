package org.reveille.domain.model.wake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The history counts reasons by a few fixed words: the reasons the server writes map to the documented categories. */
class TargetReasonTest {

    @Test
    void skippedReasonsMapToTheirCategories() {
        assertEquals("cancelled", TargetReason.category(TargetState.SKIPPED, "cancelled by operator"));
        assertEquals("no-subnet", TargetReason.category(TargetState.SKIPPED, "no subnet known for this NIC in the inventory"));
        assertEquals("outside-boundaries", TargetReason.category(TargetState.SKIPPED, "outside the boundaries of this server"));
        assertEquals("no-nic", TargetReason.category(TargetState.SKIPPED, "the inventory has no NIC for this machine"));
        assertEquals("unknown-target", TargetReason.category(TargetState.SKIPPED, "no machine named 'PC-1' in the inventory"));
        assertEquals("unknown-target", TargetReason.category(TargetState.SKIPPED, "MAC 02:00:00:00:00:01 is not in the inventory, so its subnet is unknown"));
    }

    @Test
    void failedAndSentReasonsMapToTheirCategoriesAndANeverAnsweringTargetIsNotConfirmed() {
        assertEquals("no-agent", TargetReason.category(TargetState.FAILED, "no agent on subnet 127.1.2.0/24: discovery found no Primary or Alternate within 60 s"));
        assertEquals("agent-unreachable", TargetReason.category(TargetState.FAILED, "no agent of subnet 127.1.2.0/24 could be reached (refused) after 5 attempts"));
        assertEquals("agent-could-not-send", TargetReason.category(TargetState.FAILED, "agent PC-1 could not send the magic packet: no route"));
        assertEquals("subnet-removed", TargetReason.category(TargetState.FAILED, "the subnet was removed from the agent list before its targets were sent"));
        assertEquals("other", TargetReason.category(TargetState.FAILED, "something new"));
        assertEquals("not-confirmed", TargetReason.outcome(TargetState.SENT, "sent, not confirmed: no answer within 60 s after 3 attempt(s)"));
        assertEquals("no-answer", TargetReason.category(TargetState.SENT, "sent, not confirmed: no answer within 60 s after 3 attempt(s)"));
        assertEquals("sent", TargetReason.outcome(TargetState.SENT, null));
        assertEquals("none", TargetReason.category(TargetState.AWAKE, null));
    }
}
