package org.reveille.logging;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.Cause;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/**
 * Operational messages of the Reveille server. Every message has a stable id (REVEILLE#####) so that
 * administrators can grep for it; ids are never reused or renumbered. docs/log-messages.md lists them.
 */
@MessageLogger(projectCode = "REVEILLE", length = 5)
public interface ReveilleLogger extends BasicLogger {

    ReveilleLogger LOG = Logger.getMessageLogger(ReveilleLogger.class, "org.reveille");

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 1, value = "Reveille %s started: REST API at %s/api, health at %<s/health/ready")
    void started(String version, String publicUrl);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 2, value = "Database schema is at version %s (%d migration(s) applied now, database %s)")
    void schemaMigrated(String version, int applied, String database);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 3, value = "Settings changed by %s: %s")
    void settingsChanged(String user, String changes);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 4, value = "Request %s %s failed with error id %s")
    void requestFailed(String method, String path, String errorId, @Cause Throwable cause);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 5, value = "Inventory upsert by %s: %d machine(s) received, %d created, %d updated, %d unchanged")
    void inventoryUpserted(String user, int received, int created, int updated, int unchanged);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 6, value = "Request %s %s rejected (error id %s): %s")
    void requestRejected(String method, String path, String errorId, String reason);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 7, value = "Bulk wake message %s accepted as wake job %d (%d item(s))")
    void bulkWakeAccepted(String messageId, long jobId, int items);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 8, value = "Bulk wake message %s dead-lettered to %s with error id %s: %s")
    void bulkWakeDeadLettered(String messageId, String deadLetterQueue, String errorId, String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 9, value = "Readiness check %s is DOWN: %s")
    void readinessDown(String check, String reason);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 10, value = "Boundary %s added by %s")
    void boundaryAdded(String boundary, String user);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 11, value = "Boundary %s removed by %s")
    void boundaryRemoved(String boundary, String user);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 12, value = "Boundary %s overlaps boundary %s: a subnet should be served by one server only")
    void boundariesOverlap(String first, String second);
}
