package org.reveille.infrastructure.agent;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJBException;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.reveille.application.AgentRegistry;
import org.reveille.application.HeartbeatBuffer;
import org.reveille.application.HeartbeatRecorder;
import org.reveille.application.WakeLedger;
import org.reveille.application.SettingsService;
import org.reveille.application.SettingsService.SettingsChanged;
import org.reveille.domain.model.agent.AgentRole;
import org.reveille.domain.model.settings.Setting;
import org.reveille.domain.model.settings.Settings;
import org.reveille.application.ConcurrentWrites;
import org.reveille.logging.ReveilleLogger;
import org.reveille.net.Ipv4Address;
import java.util.Optional;
import javax.management.ObjectName;
import org.reveille.application.DepartingAgents;
import org.reveille.application.ProxyHandover;
import org.reveille.application.port.AgentGateway;
import org.reveille.protocol.Ack;
import org.reveille.protocol.ErrorCode;
import org.reveille.protocol.ProtocolException;
import org.reveille.protocol.Frame;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.FrameServer;
import org.reveille.protocol.GoingDown;
import org.reveille.protocol.Heartbeat;
import org.reveille.protocol.HoldPolicy;
import org.reveille.protocol.ListenerLimits;
import org.reveille.protocol.ListenerRuntime;
import org.reveille.protocol.Message;
import org.reveille.protocol.MessageType;
import org.reveille.protocol.Registration;
import org.reveille.protocol.RoleChange;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.WakeResult;

/**
 * The server's agent listener (server port, 1777 by default): registrations, heartbeats, wake results and
 * GOING DOWN from agents. Started and stopped with the deployment on managed threads; restarted when the port or
 * the security mode changes. Malformed or unauthenticated peers are refused by the frame server, which logs them.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AgentListener {

    private static final int MAX_WORKERS = 16;
    private static final int REGISTRATION_ATTEMPTS = 3;

    @Resource(lookup = "java:jboss/ee/concurrency/factory/default")
    private ManagedThreadFactory threads;

    @Inject
    private SettingsService settings;

    @Inject
    private AgentRegistry registry;

    @Inject
    private WakeLedger ledger;

    @Inject
    private HeartbeatBuffer heartbeats;

    @Inject
    private HeartbeatRecorder recorder;

    @Inject
    private Clock clock;

    @Inject
    private DepartingAgents departing;

    @Inject
    private ProxyHandover handover;

    @Inject
    private AgentGateway agents;

    /** File descriptors left to the rest of the server (jars, database, broker, logs) when sizing the held pool. */
    static final int FILE_HEADROOM = 2048;
    /** The selector's default gathering pause, in ms. */
    static final long DEFAULT_GATHER_MS = 25;
    /** The held pool when the open-files limit is unknown. */
    static final int DEFAULT_MAX_HELD = 4096;

    private FrameServer server;
    private ListenerRuntime runtime;
    private volatile FrameCodec codec;
    private int agentPort;
    private final Map<Ipv4Address, CompletableFuture<AgentRole>> expected = new ConcurrentHashMap<>();

    @PostConstruct
    void start() {
        start(settings.current());
    }

    private synchronized void start(Settings current) {
        String bind = System.getProperty("reveille.agent-listener.bind", "0.0.0.0");
        InetSocketAddress address = new InetSocketAddress(bind, current.serverPort());
        try {
            SecurityContext security = switch (current.secureTransport()) {
                case "plain" -> SecurityContext.plain();
                case "authenticated" -> AgentKeyFile.load();
                default -> throw new IOException("secureTransport '" + current.secureTransport()
                        + "' needs TLS key stores, which this version does not configure yet; use 'authenticated'");
            };
            codec = new FrameCodec(security);
            agentPort = current.agentPort();
            ListenerLimits limits = limits();
            runtime = ListenerRuntime.create("reveille-agent-listener", MAX_WORKERS, limits, threads, gatheringPause());
            long openFiles = openFilesLimit();
            HoldPolicy hold = holdPolicy(limits, openFiles).answeringHeartbeats(this::heldHeartbeat);
            server = FrameServer.start(address, codec, null, EnumSet.of(MessageType.Channel.AGENT_TO_SERVER), this::handle, runtime,
                    limits, hold, new AgentListenerLog());
            ReveilleLogger.LOG.agentListenerStarted(address.toString(), security.isSecure() ? "authenticated" : "plain");
            ReveilleLogger.LOG.agentListenerHolds(hold.holdTimeout().toSeconds(), hold.maxHeld(),
                    openFiles > 0 ? String.valueOf(openFiles) : "unknown");
        } catch (AgentKeyFile.UnusableKeyException e) {
            ReveilleLogger.LOG.agentKeyUnusable(e.getMessage());
            closeQuietly();
        } catch (IOException | RuntimeException e) {
            ReveilleLogger.LOG.agentListenerFailed(address.toString(), String.valueOf(e.getMessage()));
            closeQuietly();
        }
    }

    /**
     * The listener's capacity and deadlines (docs/protocol.md, "Listener limits"): the defaults of
     * {@link ListenerLimits}, each overridable with a system property reveille.agent-listener.*.
     */
    static ListenerLimits limits() {
        ListenerLimits d = ListenerLimits.defaults();
        return new ListenerLimits(
                Duration.ofMillis(Long.getLong("reveille.agent-listener.first-frame-timeout-ms", d.firstFrameTimeout().toMillis())),
                Duration.ofMillis(Long.getLong("reveille.agent-listener.frame-timeout-ms", d.frameTimeout().toMillis())),
                Duration.ofSeconds(Long.getLong("reveille.agent-listener.idle-timeout-seconds", d.idleTimeout().toSeconds())),
                Integer.getInteger("reveille.agent-listener.max-connections", d.maxConnections()),
                Integer.getInteger("reveille.agent-listener.max-connections-per-address", d.maxPerSource()),
                Integer.getInteger("reveille.agent-listener.reserved-connections", d.reserve()));
    }

    /**
     * Agents' heartbeat connections held open between heartbeats (docs/protocol.md, "Held connections"): up to
     * reveille.agent-listener.hold-timeout-seconds (150 s, more than the agents' 60 s heartbeat), at most
     * reveille.agent-listener.max-held-connections, by default what the open-files limit leaves after the ordinary
     * connections and {@value #FILE_HEADROOM} descriptors for the rest of the server.
     */
    static HoldPolicy holdPolicy(ListenerLimits limits, long openFilesLimit) {
        int byFiles = openFilesLimit > 0 ? HoldPolicy.fromOpenFilesLimit(openFilesLimit, limits, FILE_HEADROOM) : DEFAULT_MAX_HELD;
        return HoldPolicy.heartbeats(
                Duration.ofSeconds(Long.getLong("reveille.agent-listener.hold-timeout-seconds", HoldPolicy.DEFAULT_HOLD_TIMEOUT.toSeconds())),
                Integer.getInteger("reveille.agent-listener.max-held-connections", byFiles));
    }

    /**
     * The listener's selector rests this long after a round that found frames, so that the heartbeats of many agents
     * are read, answered and written in one wake-up of its thread (docs/architecture.md, "Heartbeats"):
     * reveille.agent-listener.gather-ms, {@value #DEFAULT_GATHER_MS} ms by default, 0 to switch it off. It delays a
     * frame by at most that long.
     */
    static Duration gatheringPause() {
        return Duration.ofMillis(Math.max(0, Math.min(100, Long.getLong("reveille.agent-listener.gather-ms", DEFAULT_GATHER_MS))));
    }

    /** This process's open-files limit, or -1 when the platform does not tell. */
    static long openFilesLimit() {
        try {
            Object limit = ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName("java.lang:type=OperatingSystem"), "MaxFileDescriptorCount");
            return limit instanceof Number n ? n.longValue() : -1;
        } catch (Exception | LinkageError e) {
            return -1;
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (server != null) {
            String address = String.valueOf(localAddress());
            closeQuietly();
            ReveilleLogger.LOG.agentListenerStopped(address);
        }
    }

    /**
     * Refuses, before it is committed, a change the listener could not start with: a server port this server cannot
     * open, or the authenticated mode with an unusable key file. The running listener then stays as it is (a valid
     * setting never takes it down); the client gets 400 naming the setting.
     */
    public void checkChange(@Observes SettingsChanged change) {
        Settings before = change.before();
        Settings after = change.after();
        if (before.serverPort() != after.serverPort()) {
            String bind = System.getProperty("reveille.agent-listener.bind", "0.0.0.0");
            try (java.nio.channels.ServerSocketChannel probe = java.nio.channels.ServerSocketChannel.open()) {
                probe.bind(new InetSocketAddress(bind, after.serverPort()));
            } catch (IOException e) {
                throw new org.reveille.domain.model.InvalidInputException(Setting.SERVER_PORT.jsonName(),
                        "the agent listener cannot open port " + after.serverPort() + " on this server (" + e.getMessage()
                                + "); it stays on port " + before.serverPort());
            }
        }
        if (!before.secureTransport().equals(after.secureTransport()) && "authenticated".equals(after.secureTransport())) {
            try {
                AgentKeyFile.load();
            } catch (IOException e) {
                throw new org.reveille.domain.model.InvalidInputException(Setting.SECURE_TRANSPORT.jsonName(),
                        "the agent listener cannot use the shared key: " + e.getMessage());
            }
        }
    }

    /** A change of port or security mode takes effect at once, without a redeployment. */
    public void settingsChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) SettingsChanged change) {
        Settings before = change.before();
        Settings after = change.after();
        if (before.serverPort() != after.serverPort() || !before.secureTransport().equals(after.secureTransport())) {
            stop();
            start(after);
        } else {
            agentPort = after.agentPort();
        }
    }

    /** The codec (security mode and key) the server speaks to agents with. */
    public FrameCodec codec() {
        FrameCodec current = codec;
        if (current == null) {
            throw new IllegalStateException("the agent listener is not running; see REVEILLE00024 in the log");
        }
        return current;
    }

    public synchronized InetSocketAddress localAddress() {
        try {
            return server == null ? null : server.localAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * A held connection's HEARTBEAT, answered on the listener's selector thread (docs/architecture.md,
     * "Heartbeats"): a known agent's heartbeat is only put in the buffer, which neither blocks nor touches the
     * database. An agent not known here (null) goes to a worker and {@link #handle}, which looks up its row.
     */
    private Message heldHeartbeat(Frame frame, InetSocketAddress peer) {
        return frame.message() instanceof Heartbeat heartbeat && heartbeats.offer(heartbeat.address(), clock.instant())
                ? new Ack(1, 0, "") : null;
    }

    private Message handle(Frame frame, InetSocketAddress peer) throws ProtocolException {
        Message message = frame.message();
        if (message instanceof Registration registration) {
            return register(registration, frame.signed());
        }
        if (message instanceof Heartbeat heartbeat) {
            // known agents' heartbeats are held and written in batches; the first one of an agent is checked at once
            boolean known = heartbeats.offer(heartbeat.address(), clock.instant()) || recorder.firstHeartbeat(heartbeat.address());
            return new Ack(1, 0, known ? "" : "not registered");
        }
        if (message instanceof GoingDown goingDown) {
            // before the rediscovery is queued: the departing agent must not be one of its candidates
            departing.goingDown(goingDown.address());
            registry.goingDown(goingDown.address(), goingDown.reason()).ifPresent(handover::handOver);
            return new Ack(1, 0, "");
        }
        if (message instanceof WakeResult result) {
            // its own transaction (it waits for a dispatcher still holding the targets), run again if it lost a race
            int recorded = WakeLedger.jobIdOf(result.jobId()).map(job -> ConcurrentWrites.retrying("WAKE RESULT of job " + job,
                    () -> ledger.results(job, result.machineName(), result.results()))).orElse(0);
            return new Ack(recorded, result.results().size() - recorded, recorded == result.results().size() ? "" : "some failures were for targets not sent by this server");
        }
        return new Ack(0, 0, "ignored");
    }

    /**
     * Lets discovery wait for an agent's registration without polling the database: the returned future completes
     * when this listener has registered an agent from that address. Call {@link #forget} when done.
     */
    public CompletableFuture<AgentRole> expectRegistration(Ipv4Address address) {
        return expected.computeIfAbsent(address, a -> new CompletableFuture<>());
    }

    public void forget(Ipv4Address address, CompletableFuture<AgentRole> expectation) {
        expected.remove(address, expectation);
    }

    private Message register(Registration registration, boolean signed) throws ProtocolException {
        if (registration.requestedRole() == org.reveille.protocol.WireRole.MEMBER) {
            Optional<Duration> ago = departing.departedRecently(registration.address());
            if (ago.isPresent()) {
                // an answer to a REGISTER sent before the GOING DOWN was handled: the agent is leaving
                ReveilleLogger.LOG.departingAgentSkipped(registration.address().toString(), ago.get().toSeconds(),
                        "its registration is refused");
                throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "this agent said GOING DOWN "
                        + ago.get().toSeconds() + " s ago; it is not recruited while it leaves");
            }
        } else {
            departing.returned(registration.address());
        }
        AgentRegistry.Request request = new AgentRegistry.Request(registration.machineName(), registration.address(),
                registration.mask(), registration.mac(), AgentRole.valueOf(registration.requestedRole().name()),
                registration.protocolVersion(), signed);
        for (int attempt = 1; ; attempt++) {
            try {
                AgentRegistry.Outcome outcome = registry.register(request);
                heartbeats.markKnown(registration.address());
                CompletableFuture<AgentRole> waiting = expected.remove(registration.address());
                if (waiting != null) {
                    waiting.complete(outcome.granted());
                }
                outcome.demoted().forEach(address -> agents.unregister(address, agentPort,
                        "another agent took this role on " + outcome.subnet()));
                return new RoleChange(org.reveille.protocol.WireRole.valueOf(outcome.granted().name()),
                        "registered for subnet " + outcome.subnet());
            } catch (EJBException e) {
                // a concurrent registration on the same new subnet won the race: decide again on what it wrote
                if (attempt == REGISTRATION_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void closeQuietly() {
        try {
            if (server != null) {
                server.close();
            }
            if (runtime != null) {
                runtime.close();
            }
        } catch (IOException e) {
            ReveilleLogger.LOG.debugf(e, "closing the agent listener");
        } finally {
            server = null;
            runtime = null;
        }
    }
}
