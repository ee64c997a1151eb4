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

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 20, value = "Agent '%s, mask=%s' registering for subnet %s")
    void agentRegistering(String machineName, String mask, String subnet);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 21, value = "Agent %s (%s) is now %s of subnet %s")
    void agentRoleGranted(String machineName, String address, String role, String subnet);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 22, value = "Agent listener started on %s (%s)")
    void agentListenerStarted(String address, String security);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 150, value = "Agent listener keeps the connections of heartbeating agents open up to %d s between heartbeats, at most %d at once (open-files limit of this process: %s)")
    void agentListenerHolds(long holdSeconds, int maxHeld, String openFilesLimit);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 23, value = "Agent listener on %s stopped")
    void agentListenerStopped(String address);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 24, value = "Agent listener cannot start on %s: %s")
    void agentListenerFailed(String address, String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 25, value = "Primary agent %s of subnet %s is going down (%s): %s")
    void primaryGoingDown(String address, String subnet, String reason, String outcome);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 26, value = "Agent %s of subnet %s demoted from %s to member: %s")
    void agentDemoted(String address, String subnet, String role, String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 45, value = "The %s agent %s of subnet %s missed its heartbeats (last seen %s): %s")
    void missedHeartbeats(String role, String address, String subnet, String lastSeen, String outcome);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 46, value = "Agent %s (%s) of subnet %s de-registered by %s%s")
    void agentDeregistered(String address, String role, String subnet, String by, String outcome);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 27, value = "Could not tell agent %s to %s: %s")
    void agentNotified(String address, String what, String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 28, value = "Generated a new agent key in %s: give the same key file to every agent (--key-file)")
    void agentKeyGenerated(String path);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 90, value = "Agent key taken over from %s into %s (the server's data directory, which a rebuild keeps); the old file can be deleted")
    void agentKeyMoved(String from, String to);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 91, value = "The agent listener is not started: %s. The key is never replaced automatically (every agent holds a copy): fix the file, or delete it to generate a new key that every agent must then receive")
    void agentKeyUnusable(String reason);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 30, value = "AgentFinder Rescan %s")
    void agentFinderRescan(String network);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 31, value = "Finding agent(s) subnet - %s [%s]")
    void findingAgents(String network, String mask);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 32, value = "Ping list for subnet %s: %s")
    void pingList(String subnet, String addresses);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 33, value = "Found %s")
    void found(String address);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 34, value = "Failed to connect to agent on %s")
    void failedToConnect(String address);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 35, value = "New Agent found %s for subnet %s")
    void newAgentFound(String address, String network);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 36, value = "subnet-%s - Agents=%d OK_pings=%d")
    void discoveryFinished(String network, int agents, int okPings);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 37, value = "No agent answered on subnet %s (%d machine(s) in the ping list): the subnet is unreachable")
    void noAgentOnSubnet(String subnet, int pingList);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 38, value = "Could not find subnet in agent list. Creating a new entry...")
    void creatingSubnetEntry();

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 40, value = "AgentManager poll (%s): %d new subnet(s), %d stale, %d deleted, %d queued for discovery, %d left for the next poll, %d inventory subnet(s) outside the boundaries")
    void poll(String trigger, int added, int stale, int deleted, int queued, int remaining, int outOfBounds);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 41, value = "Agent State Manager %s; next poll %s")
    void pollScheduled(String schedule, String next);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 47, value = "Wake job %d (%s, by %s): %d target(s) queued on %d subnet(s), %d skipped")
    void wakeJobQueued(long jobId, String source, String user, int queued, int subnets, int skipped);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 48, value = "Wake job %d cancelled by %s: %d queued target(s) will not be sent")
    void wakeJobCancelled(long jobId, String user, int cancelled);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 49, value = "Wake job %d: the %s agent %s of subnet %s could not be reached (%s)")
    void wakeAgentUnreachable(long jobId, String role, String address, String subnet, String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 50, value = "Wake job %d: %d target(s) on subnet %s failed: %s")
    void wakeTargetsFailed(long jobId, int targets, String subnet, String reason);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 51, value = "Wake job %d %s: %s")
    void wakeJobFinished(long jobId, String state, String counts);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 52, value = "Subnet %s had no Alternate: the woken machine %s is its Alternate agent now")
    void forcedAlternate(String subnet, String address);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 53, value = "Wake job %d: batch for subnet %s moved to %s (error id %s): %s")
    void wakeBatchDeadLettered(long jobId, String subnet, String queue, String errorId, String reason);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 54, value = "Collection '%s' set to %d member(s) by %s")
    void collectionPut(String name, int members, String user);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 55, value = "The wake monitor's check failed; it runs again in two seconds")
    void wakeMonitorFailed(@Cause Throwable cause);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 56, value = "Heartbeats of %d agent(s) could not be written yet; kept for the next attempt in a second: %s")
    void heartbeatsNotWritten(int agents, String reason);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 57, value = "Agent check: the %s agent %s of subnet %s %s")
    void agentChecked(String role, String address, String subnet, String outcome);

    // ---- the agent listener's refusals (60-68, rate-limited by the listener) and departing agents (69) ----

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 60, value = "Refused frame from %s: %s; connection closed, nothing executed")
    void listenerRefusedFrame(String peer, String detail);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 61, value = "Security mismatch with %s: %s; nothing executed")
    void listenerSecurityMismatch(String peer, String detail);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 62, value = "Refused message from %s: %s; connection closed, nothing executed")
    void listenerUnexpectedMessage(String peer, String detail);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 63, value = "Refused a connection from %s: %s")
    void listenerConnectionRefused(String peer, String detail);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 64, value = "Closed the connection of %s to make room: %s")
    void listenerEvicted(String peer, String detail);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 65, value = "Closed the connection of %s: %s")
    void listenerFrameDeadline(String peer, String detail);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 66, value = "Closed the connection of %s: %s")
    void listenerReplyNotRead(String peer, String detail);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 67, value = "TLS handshake with %s failed; nothing executed: %s")
    void listenerTlsHandshakeFailed(String peer, String detail);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 68, value = "Agent listener: %d more line(s) of REVEILLE%05d left out in the last %d s")
    void listenerLinesSuppressed(long lines, int id, long seconds);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 69, value = "Agent %s said GOING DOWN %d s ago: %s")
    void departingAgentSkipped(String address, long secondsAgo, String what);
    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 80, value = "%s lost a race with a concurrent write (attempt %d of %d, nothing of it kept): %s; running it again")
    void lostRaceRetrying(String what, int attempt, int attempts, String reason);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 161, value = "Cluster view of node %s (clustered: %s): %d member(s) %s, coordinator %s")
    void clusterView(String node, boolean clustered, int size, java.util.List<String> members, String coordinator);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 162, value = "Node %s runs alone: WildFly offers no cluster group at %s (%s)")
    void notClustered(String node, String name, String why);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 163, value = "Settings changed by another server applied on this one: %s")
    void settingsAppliedFromElsewhere(String changes);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 164, value = "Settings changed by another server cannot take effect on this one: %s (%s); this server keeps the previous ones in force until it restarts")
    void settingsNotApplicableHere(String changes, String why);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 165, value = "Audit retention removed %d entries older than %s (auditRetentionDays %d)")
    void auditPurged(long removed, String before, long days);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 166, value = "Audit retention failed; the entries stay until the next run: %s")
    void auditRetentionFailed(String reason, @Cause Throwable cause);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 167, value = "Audit entry %s could not be written: %s")
    void auditNotWritten(String what, String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 168, value = "Content-Security-Policy violation reported by the browser at %s: %s (%d more report(s) of the last minute left out)")
    void cspViolation(String from, String report, int leftOut);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 169, value = "Sign-in for %s %s could not be checked: the security realm is unavailable (the directory does not answer): %s; answered 503 with error id %s")
    void realmUnavailable(String method, String path, String reason, String errorId);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 160, value = "%s failed on a broker connection that was lost (attempt %d of %d, nothing of it kept): %s; running it again on a new connection")
    void brokerConnectionLostRetrying(String what, int attempt, int attempts, String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 100, value = "Sign-in as '%s' failed %d times in a row (the last from %s): if that user exists, the realm %s now refuses it for %d minutes, even with the right password, and every further attempt renews the lock")
    void identityLocked(String user, int failures, String from, String realm, long minutes);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 110, value = "Cannot read max-delivery-attempts of %s from the server's management model (%s); the dispatcher assumes the broker's default of %d")
    void deliveryAttemptsUnknown(String setting, String reason, int assumed);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 111, value = "Wake job %d: %d target(s) resolved and recorded in %d ms (of which %d ms writing the items and targets), the planner statistics refreshed in %d ms, batches for %d subnet(s) queued in %d ms")
    void wakeJobTimings(long jobId, int recorded, long resolveMillis, long writeMillis, long statisticsMillis, int subnets, long queueMillis);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 170, value = "Enrollment token %s created by %s: %d use(s) until %s")
    void enrollmentTokenCreated(String id, String by, int uses, String until);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 171, value = "Agent '%s' at %s (MAC %s, subnet %s) enrolled as agent identity %d with enrollment token %s")
    void agentEnrolled(String name, String address, String mac, String subnet, long id, String token);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 172, value = "Enrollment of '%s' (MAC %s) from %s refused: %s")
    void enrollmentRefused(String name, String mac, String from, String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 173, value = "%s of agent identity %d from %s refused: %s")
    void identityFrameRefused(String what, long id, String from, String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 174, value = "Agent identity %d ('%s', MAC %s) revoked by %s: %s; its frames are refused from now on, %d agent-list row(s) de-registered")
    void agentIdentityRevoked(long id, String name, String mac, String by, String reason, int rows);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 175, value = "Server key %d created by %s; it signs the server's frames to enrolled agents")
    void serverKeyCreated(long id, String by);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 176, value = "Server key rotated by %s: key %d signs from now on, endorsed by key %d, which agents accept until %s")
    void serverKeyRotated(String by, long newId, long oldId, String until);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 177, value = "Agent identity %d moved from %s to %s: %s")
    void agentIdentityMoved(long id, String from, String to, String why);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 178, value = "Enrollment token %s revoked by %s after %d use(s)")
    void enrollmentTokenRevoked(String id, String by, int uses);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 179, value = "Wake job %d deferred by maintenance window '%s': its targets are sent from %s")
    void wakeJobDeferred(long jobId, String window, String from);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 180, value = "Schedule %d ('%s') fired for %s: wake job %d, %d target(s) queued, %d skipped%s")
    void scheduleFired(long scheduleId, String name, String dueAt, long jobId, int queued, int skipped, String late);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 181, value = "Schedule %d ('%s'): the firing due at %s was missed: %s")
    void scheduleMissed(long scheduleId, String name, String dueAt, String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 182, value = "Schedule %d ('%s'): the firing due at %s failed, its wake request was refused: %s")
    void scheduleFailed(long scheduleId, String name, String dueAt, String reason);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 183, value = "Schedule %d: the firing due at %s could not be run now (%s); it is tried again at the next tick, within its grace period")
    void scheduleFiringError(long scheduleId, String dueAt, String error, @Cause Throwable cause);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 184, value = "Schedule %d ('%s') %s by %s")
    void scheduleChanged(long scheduleId, String name, String what, String by);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 185, value = "The schedule timer could not look for due firings (%s); it looks again at its next tick")
    void scheduleTickFailed(String error, @Cause Throwable cause);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 186, value = "The metrics of the estate could not be read (%s); the gauges keep their last values until the next refresh")
    void gaugesRefreshFailed(String error, @Cause Throwable cause);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 187, value = "The coverage history could not be written (%s); it is tried again in 5 minutes")
    void coverageHistoryFailed(String error, @Cause Throwable cause);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 188, value = "History retention removed %d row(s) of the dashboard's history older than %s (historyRetentionDays %d)")
    void historyPurged(long removed, String before, long days);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 189, value = "Wake job %d: this server sent %d target(s) of subnet %s itself, by directed broadcast (%s)")
    void wakeSentDirect(long jobId, int targets, String subnet, String why);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 190, value = "Wake job %d: this server's directed broadcast to %s for subnet %s failed: %s")
    void wakeDirectFailed(long jobId, String broadcast, String subnet, String error);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 191, value = "Subnet %s is degraded: its dedicated agent(s) not serving: %s; %s")
    void subnetDegraded(String subnet, String notServing, String standIn);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 192, value = "Subnet %s is no longer degraded: %s")
    void subnetRecovered(String subnet, String why);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 193, value = "IPv6 prefix %s is on the link of subnet %s now (it was on %s's): agent %s announced it")
    void linkPrefixMoved(String prefix, String subnet, String before, String agent);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 194, value = "Agent %s of subnet %s announced IPv6 prefix %s, which an administrator set on subnet %s: kept there")
    void linkPrefixContested(String agent, String subnet, String prefix, String adminSubnet);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 195, value = "IPv6 prefixes %s announced by agent %s not recorded (the registration stands): %s")
    void linkPrefixesNotRecorded(String prefixes, String agent, String why);
}
