package org.reveille.domain.model.audit;

import java.util.Arrays;
import java.util.Optional;

/** What an audit entry records (docs/api.md, "Audit trail"); its JSON and query name is the lower-case, dashed name. */
public enum AuditKind {
    WAKE_REQUESTED,
    WAKE_CANCELLED,
    SETTINGS_CHANGED,
    INVENTORY_CHANGED,
    BOUNDARY_ADDED,
    BOUNDARY_REMOVED,
    SUBNET_ADDED,
    SUBNET_REMOVED,
    SUBNET_RESCAN_REQUESTED,
    SUBNET_PAIRS_CHANGED,
    SUBNET_PAIRS_IMPORTED,
    SUBNET_POLICY_CHANGED,
    SUBNET_DEDICATED_AGENTS_CHANGED,
    SUBNET_IPV6_PREFIXES_CHANGED,
    COLLECTION_PUT,
    COLLECTION_DELETED,
    AGENT_DEREGISTERED,
    SIGN_IN_LOCKED_OUT,
    ENROLLMENT_TOKEN_CREATED,
    ENROLLMENT_TOKEN_REVOKED,
    AGENT_ENROLLED,
    AGENT_REVOKED,
    SERVER_KEY_ROTATED,
    SCHEDULE_CREATED,
    SCHEDULE_CHANGED,
    SCHEDULE_DELETED,
    SCHEDULE_PAUSED,
    SCHEDULE_RESUMED,
    SCHEDULE_RUN,
    WINDOW_CREATED,
    WINDOW_CHANGED,
    WINDOW_DELETED,
    AUDIT_PURGED;

    /** {@code wake-requested}, ... */
    public String jsonName() {
        return name().toLowerCase().replace('_', '-');
    }

    public static Optional<AuditKind> byJsonName(String name) {
        return Arrays.stream(values()).filter(k -> k.jsonName().equals(name)).findFirst();
    }
}
