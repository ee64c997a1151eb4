package org.reveille.domain.model.wake;

/** What happened to one target NIC of a wake job. */
public enum TargetState {
    QUEUED, DISPATCHED, SENT, AWAKE, FAILED, SKIPPED;

    public boolean isFinal() {
        return this == SENT || this == AWAKE || this == FAILED || this == SKIPPED;
    }
}
