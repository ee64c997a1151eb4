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
import org.reveille.application.AgentIdentities;
import org.reveille.domain.model.identity.AgentIdentity;
import org.reveille.protocol.Ack;
import org.reveille.protocol.Enroll;
import org.reveille.protocol.Enrolled;
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
@DependsOn({"SchemaMigration", "IdentityDirectory"})
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
    private org.reveille.application.Ipv6Links ipv6Links;

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

    @Inject
    private IdentityDirectory directory;

    @Inject
    private AgentIdentities identities;

    /** File descriptors left to the rest of the server (jars, database, broker, logs) when sizing the held pool. */
    static final int FILE_HEADROOM = 2048;
    /** The selector's default gathering pause, in ms. */
    static final long DEFAULT_GATHER_MS = 25;
    /** The held pool when the open-files limit is unknown. */
    static final int DEFAULT_MAX_HELD = 4096;

    private FrameServer server;

    @Inject
    private org.reveille.infrastructure.metrics.MicrometerTelemetry telemetry;
    private ListenerRuntime runtime;
    private volatile FrameCodec codec;
    /** The codec for agents that have not enrolled (plain, or the shared key); null when the shared key is no longer accepted. */
    private volatile FrameCodec sharedKeyCodec;
    /** Whether identities and enrollment are on (the authenticated and encrypted modes). */
    private volatile boolean identitiesOn;
    /** How the server connects to agents' listeners in the encrypted mode; null otherwise. */
    private volatile org.reveille.protocol.TlsSettings clientTls;
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
            // encrypted: authenticated frames (as below) inside TLS
            boolean encrypted = "encrypted".equals(current.secureTransport());
            boolean authenticated = encrypted || "authenticated".equals(current.secureTransport());
            AgentTls.Settings tls = encrypted ? AgentTls.load() : null;
            SecurityContext base = !authenticated ? SecurityContext.plain()
                    : current.sharedKeyAccepted() ? AgentKeyFile.load() : SecurityContext.forIdentities();
            // docs/architecture.md, "Agent identities": enrolled agents sign with their own key, the server with its key
            SecurityContext security = authenticated
                    ? base.withChangingIdentity(directory::signing, directory.agentKeys()).acceptingEnrollment(directory.enrollmentKeys())
                    : base;
            codec = new FrameCodec(security);
            sharedKeyCodec = authenticated && !current.sharedKeyAccepted() ? null : new FrameCodec(base);
            identitiesOn = authenticated;
            clientTls = tls == null ? null : tls.client();
            agentPort = current.agentPort();
            ListenerLimits limits = limits();
            runtime = ListenerRuntime.create("reveille-agent-listener", MAX_WORKERS, limits, threads, gatheringPause());
            long openFiles = openFilesLimit();
            HoldPolicy hold = holdPolicy(limits, openFiles).answeringHeartbeats(this::heldHeartbeat);
            server = FrameServer.start(address, codec, tls == null ? null : tls.listener(), EnumSet.of(MessageType.Channel.AGENT_TO_SERVER), this::handle, runtime,
                    limits, hold, new AgentListenerLog(telemetry));
            ReveilleLogger.LOG.agentListenerStarted(address.toString(), (encrypted ? "TLS with " + tls.keyStore() + ", " : "") + (!authenticated ? "plain" : current.sharedKeyAccepted()
                    ? "authenticated: enrolled agents by their identity (" + directory.size() + " known), the others by the shared key"
                    : "authenticated: enrolled agents only (" + directory.size() + " known; the shared key is not accepted)"));
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
        if ("encrypted".equals(after.secureTransport()) && !"encrypted".equals(before.secureTransport())) {
            try {
                AgentTls.load();
            } catch (IOException e) {
                throw new org.reveille.domain.model.InvalidInputException(Setting.SECURE_TRANSPORT.jsonName(),
                        "the agent listener cannot use TLS: " + e.getMessage());
            }
        }
        boolean keyNeeded = !"plain".equals(after.secureTransport()) && after.sharedKeyAccepted();
        boolean keyNeededBefore = !"plain".equals(before.secureTransport()) && before.sharedKeyAccepted();
        if (keyNeeded && !keyNeededBefore) {
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
        if (before.serverPort() != after.serverPort() || !before.secureTransport().equals(after.secureTransport())
                || before.sharedKeyAccepted() != after.sharedKeyAccepted()) {
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

    /** TLS for the server's connections to agents' listeners: in the encrypted mode, else null (plain TCP). */
    public org.reveille.protocol.TlsSettings clientTls() {
        return clientTls;
    }

    /**
     * The codec for commands to the agent at {@code agent}: signed with the server's key when an identity is enrolled
     * at that address, else as agents without identity expect (the shared key, or plain).
     */
    public FrameCodec codecFor(Ipv4Address agent) {
        FrameCodec identity = codec();
        if (!identitiesOn || directory.liveAt(agent).isPresent()) {
            return identity;
        }
        FrameCodec shared = sharedKeyCodec;
        return shared != null ? shared : identity;
    }

    /** Connections open now, held heartbeat connections included (0 while the listener is stopped). */
    public synchronized int openConnections() {
        return server == null ? 0 : server.openConnections();
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
        if (!(frame.message() instanceof Heartbeat heartbeat)) {
            return null;
        }
        if (identitiesOn) {
            // the binding checks of checkIdentity, from memory; anything doubtful goes to a worker, which refuses it
            if (frame.signer() != 0) {
                IdentityDirectory.Entry entry = directory.entry(frame.signer()).orElse(null);
                if (entry == null || !entry.address().equals(heartbeat.address())) {
                    return null;
                }
            } else if (directory.liveAt(heartbeat.address()).isPresent()) {
                return null;
            }
        }
        return heartbeats.offer(heartbeat.address(), clock.instant()) ? new Ack(1, 0, "") : null;
    }

    private Message handle(Frame frame, InetSocketAddress peer) throws ProtocolException {
        Message message = frame.message();
        if (message instanceof Enroll enroll) {
            return enroll(enroll, peer);
        }
        Ipv4Address sentBy = null;
        if (identitiesOn) {
            if (frame.signer() != 0) {
                sentBy = checkIdentity(frame.signer(), message, peer);
            } else {
                refuseIfEnrolled(message, peer);
            }
        }
        if (message instanceof Registration registration) {
            // the highest version the agent reads; an identity-signed one reads 2 at least
            return register(registration, frame.signed(), Math.max(registration.protocolVersion(),
                    frame.signer() != 0 ? FrameCodec.VERSION_IDENTITY : FrameCodec.VERSION));
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
            Ipv4Address by = sentBy;
            int recorded = WakeLedger.jobIdOf(result.jobId()).map(job -> ConcurrentWrites.retrying("WAKE RESULT of job " + job,
                    () -> ledger.results(job, result.machineName(), by, result.results(), result.pairedCount(), result.link()))).orElse(0);
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

    /**
     * ENROLL (docs/security.md, "Agent identity"): its token's key was checked by the codec; the token is checked again
     * and used under its lock, the identity stored, and the answer (signed with the token's key by the frame server)
     * names the agent's id and the server's key.
     */
    private Message enroll(Enroll enroll, InetSocketAddress peer) throws ProtocolException {
        Ipv4Address from = Ipv4Address.of(peer.getAddress());
        AgentIdentity identity;
        try {
            identity = identities.enroll(enroll, from, org.reveille.application.ServerNode.name());
        } catch (EJBException e) {
            // the unique key on the live MAC: the same PC enrolled at the same moment through another connection
            ReveilleLogger.LOG.enrollmentRefused(enroll.machineName(), enroll.mac().toString(), from.toString(),
                    "a concurrent enrollment of the same MAC won");
            throw new ProtocolException(ErrorCode.ENROLLMENT_REFUSED, "MAC " + enroll.mac() + " was enrolled at the same moment; try again");
        }
        directory.apply(identity);
        org.reveille.domain.model.identity.ServerKey key = directory.signingKey();
        return new Enrolled(identity.id(), key.id(), key.publicKeyBytes());
    }

    /**
     * The binding of an identity-signed frame (docs/security.md, "Binding"): a REGISTRATION from the address it names,
     * with the identity's MAC, on its subnet (or one the inventory places the MAC on); a HEARTBEAT or GOING DOWN for the
     * identity's own address. Returns the identity's address, which a WAKE RESULT may report for.
     */
    private Ipv4Address checkIdentity(long signer, Message message, InetSocketAddress peer) throws ProtocolException {
        String from = peer.getAddress().getHostAddress();
        IdentityDirectory.Entry entry = directory.entry(signer).orElseThrow(() -> refusedIdentity(message, signer, from,
                "agent identity " + signer + " is not enrolled with this server"));
        if (message instanceof Registration registration) {
            if (!registration.address().equals(Ipv4Address.of(peer.getAddress()))) {
                throw refusedIdentity(message, signer, from, "the registration names " + registration.address() + " but comes from " + from);
            }
            try {
                directory.apply(identities.bindRegistration(signer, registration.machineName(), registration.address(), registration.mask(),
                        registration.mac()));
            } catch (ProtocolException e) {
                throw refusedIdentity(message, signer, from, e.getMessage());
            }
            return registration.address();
        }
        Ipv4Address claimed = message instanceof Heartbeat h ? h.address() : message instanceof GoingDown g ? g.address() : null;
        if (claimed != null && !claimed.equals(entry.address())) {
            throw refusedIdentity(message, signer, from, "agent identity " + signer + " is registered at " + entry.address()
                    + ", not " + claimed);
        }
        return entry.address();
    }

    /** A frame without identity may not speak for an address or MAC that an enrolled agent holds. */
    private void refuseIfEnrolled(Message message, InetSocketAddress peer) throws ProtocolException {
        Ipv4Address claimed = message instanceof Registration r ? r.address() : message instanceof Heartbeat h ? h.address()
                : message instanceof GoingDown g ? g.address() : Ipv4Address.of(peer.getAddress());
        java.util.OptionalLong enrolled = directory.liveAt(claimed);
        if (enrolled.isEmpty() && message instanceof Registration r) {
            enrolled = directory.liveOf(r.mac());
        }
        if (enrolled.isPresent()) {
            throw refusedIdentity(message, enrolled.getAsLong(), peer.getAddress().getHostAddress(), "a frame without identity for "
                    + claimed + ", which agent identity " + enrolled.getAsLong() + " holds: an enrolled agent's frames must be signed with its identity");
        }
    }

    private static ProtocolException refusedIdentity(Message message, long signer, String from, String reason) {
        ReveilleLogger.LOG.identityFrameRefused(message.type().toString(), signer, from, reason);
        return new ProtocolException(ErrorCode.IDENTITY_REFUSED, reason);
    }

    private Message register(Registration registration, boolean signed, int protocolVersion) throws ProtocolException {
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
                protocolVersion, signed);
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
                announced(outcome.subnet(), registration);
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

    /** The IPv6 prefixes of the agent's link (protocol version 4), recorded on the side: the registration stands without them. */
    private void announced(org.reveille.net.Cidr subnet, Registration registration) {
        if (registration.ipv6Prefixes().isEmpty()) {
            return;
        }
        try {
            ConcurrentWrites.retrying("IPv6 prefixes of " + subnet,
                    () -> ipv6Links.announced(subnet, registration.address(), registration.ipv6Prefixes()));
        } catch (RuntimeException e) {
            ReveilleLogger.LOG.linkPrefixesNotRecorded(registration.ipv6Prefixes().toString(), registration.address().toString(),
                    ConcurrentWrites.describe(e));
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
