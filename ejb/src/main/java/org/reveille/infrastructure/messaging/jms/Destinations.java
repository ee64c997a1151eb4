package org.reveille.infrastructure.messaging.jms;

/** JNDI names of Reveille's JMS queues (defined in artemis-config/reveille-destinations.conf, the same on both brokers: docs/cluster.md). */
public final class Destinations {
    public static final String BULK_WAKE_REQUESTS = "java:/jms/queue/reveille/BulkWakeRequests";
    public static final String BULK_WAKE_REQUESTS_DLQ = "java:/jms/queue/reveille/BulkWakeRequestsDLQ";
    public static final String WAKE_JOBS = "java:/jms/queue/reveille/WakeJobs";
    public static final String WAKE_JOBS_DLQ = "java:/jms/queue/reveille/WakeJobsDLQ";
    public static final String SERVER_DIRECT = "java:/jms/queue/reveille/ServerDirect";
    public static final String DISCOVERY = "java:/jms/queue/reveille/Discovery";

    /** Message properties set on a message Reveille dead-letters itself. */
    public static final String PROPERTY_REASON = "reveille_reason";
    public static final String PROPERTY_ERROR_ID = "reveille_error_id";
    public static final String PROPERTY_ORIGINAL_MESSAGE_ID = "reveille_original_message_id";

    private Destinations() {
    }
}
