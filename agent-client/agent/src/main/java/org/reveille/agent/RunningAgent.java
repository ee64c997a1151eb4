package org.reveille.agent;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reveille.net.Ipv6Prefix;
import org.reveille.protocol.Ack;
import org.reveille.protocol.WireRole;
import org.reveille.protocol.AgentStatus;
import org.reveille.protocol.Ed25519;
import org.reveille.protocol.Enroll;
import org.reveille.protocol.Enrolled;
import org.reveille.protocol.ErrorCode;
import org.reveille.protocol.ErrorReply;
import org.reveille.protocol.Frame;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.FrameServer;
import org.reveille.protocol.GoingDown;
import org.reveille.protocol.Heartbeat;
import org.reveille.protocol.KeptConnection;
import org.reveille.protocol.Message;
import org.reveille.protocol.MessageType;
import org.reveille.protocol.PrimaryAnswer;
import org.reveille.protocol.ProtocolClient;
import org.reveille.protocol.ProtocolConnection;
import org.reveille.protocol.ProtocolException;
import org.reveille.protocol.RegisterRequest;
import org.reveille.protocol.RemoteErrorException;
import org.reveille.protocol.Registration;
import org.reveille.protocol.RoleChange;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.SecurityMismatchException;
import org.reveille.protocol.SigningIdentity;
import org.reveille.protocol.StatusRequest;
import org.reveille.protocol.TargetResult;
import org.reveille.protocol.Unregister;
import org.reveille.protocol.WakeBatch;
import org.reveille.protocol.WakeResult;

/**
 * A running agent: it listens for server commands, wakes machines on its subnet, registers, heartbeats while it
 * is a proxy, answers PRIMARY PROBEs while it is the Primary, and says GOING DOWN when it stops.
 *
 * <p>With an identity file (docs/security.md, "Agent identity") it first enrolls when the file does not exist yet,
 * then signs every frame with its own identity and accepts only frames signed with a server key it trusts; it then
 * neither sends nor answers PRIMARY PROBEs, which other agents could not check (docs/protocol.md, "The agent program").
 */
public final class RunningAgent implements Closeable {

    private static final System.Logger LOG = System.getLogger(RunningAgent.class.getName());

    private final AgentConfig config;
    private final AgentPlatform platform;
    /** The identity and the server keys it trusts; null for an agent without identity (shared key or plain). */
    private final IdentityKeeper identity;
    private final FrameCodec codec;
    private final ProtocolClient client;
    /** The connection heartbeats travel on, kept open between them (docs/protocol.md, "Held connections"). */
    private final KeptConnection heartbeats;
    private final WakeExecutor wakes;
    private final long startedAt = System.currentTimeMillis();
    private final CompletableFuture<WireRole> startup = new CompletableFuture<>();
    private volatile WireRole role;
    private final ServerList servers;
    private volatile boolean stopped;
    /** A server refused the IPv6 prefixes (an older protocol): registrations go without them until a restart. */
    private final AtomicBoolean prefixesRefused = new AtomicBoolean();
    private FrameServer listener;
    private ProbeChannel probe;
    private ScheduledFuture<?> heartbeat;

    private RunningAgent(AgentConfig config, AgentPlatform platform, IdentityKeeper identity) {
        this.config = config;
        this.platform = platform;
        this.identity = identity;
        // an enrolled agent signs as itself and hears only the server's keys: no shared key, no other agent
        this.codec = new FrameCodec(identity == null ? config.security
                : SecurityContext.forIdentities().withChangingIdentity(identity::signing, identity));
        this.client = new ProtocolClient(codec, config.tls, config.connectTimeout, config.readTimeout)
                .bindingTo(config.address);
        this.heartbeats = new KeptConnection(client);
        this.wakes = new WakeExecutor(config, Clock.systemUTC());
        this.servers = new ServerList(config.servers);
    }

    /**
     * Starts listening and, when the last run ended as Primary or Alternate, follows
     * docs/architecture.md#flow-a-returning-agent in the background: comes up as Alternate, probes the subnet and
     * registers as Primary only if no Primary answers.
     *
     * <p>An agent with an identity file that does not exist yet enrolls first with its token: an
     * {@link EnrollmentException} when a server refused it or none answered, an {@link IdentityFileException} when the
     * identity file exists but cannot be used.
     */
    public static RunningAgent start(AgentConfig config, AgentPlatform platform) throws IOException {
        RunningAgent agent = new RunningAgent(config, platform, identityOf(config));
        try {
            agent.open();
        } catch (IOException | RuntimeException e) {
            agent.close();
            throw e;
        }
        return agent;
    }

    /**
     * The identity of the config's identity file, a keeper still without identity when the agent is to enroll, or
     * null when it has no identity (docs/protocol.md, "The agent program").
     */
    private static IdentityKeeper identityOf(AgentConfig config) throws IOException {
        if (config.identityFile == null) {
            return null;
        }
        if (!Files.notExists(config.identityFile)) {
            return new IdentityKeeper(config.identityFile, IdentityFile.read(config.identityFile));
        }
        return config.enrollmentToken != null ? new IdentityKeeper(config.identityFile, null) : null;
    }

    private void open() throws IOException {
        WireRole previous = config.roleMemory.load();
        role = previous.isProxy() ? WireRole.ALTERNATE : WireRole.MEMBER;
        wakes.open();
        if (identity == null) {
            probe = ProbeChannel.open(config, codec, () -> role, platform);
        }
        listener = FrameServer.start(new InetSocketAddress(config.address.toInetAddress(), config.listenPort), codec,
                config.tls, EnumSet.of(MessageType.Channel.SERVER_TO_AGENT), this::handle, platform.listeners);
        if (identity != null) {
            if (identity.identity() == null) {
                enroll();   // the listener is up, so the ENROLL names the port it really listens on
            } else if (config.enrollmentToken != null) {
                LOG.log(System.Logger.Level.INFO, "Already enrolled as agent " + identity.identity().agentId() + " ("
                        + identity.file() + "); the enrollment token is not used");
            }
            if (config.security.isSecure()) {
                LOG.log(System.Logger.Level.INFO, "Enrolled as agent " + identity.identity().agentId()
                        + ": frames are signed with this identity, the shared key (--key-file) is not used");
            }
        }
        long every = Math.max(1, config.heartbeatInterval.toMillis());
        heartbeat = platform.background.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.INFO, "Agent '" + config.name + "' listening on " + config.address + ":"
                + listenAddress().getPort() + " for subnet " + config.subnet() + ", server "
                + config.servers.stream().map(ServerList::label).collect(java.util.stream.Collectors.joining(", ")) + ", "
                + (identity != null ? "identity " + identity.identity().agentId()
                        : config.security.isSecure() ? "signed frames" : "unsigned frames")
                + (config.tls != null ? ", TLS" : ", no TLS") + ", last role " + previous);
        if (identity != null) {
            LOG.log(System.Logger.Level.INFO, "No PRIMARY PROBE with an identity: agents cannot check each other's"
                    + " identity-signed frames, so this agent neither sends nor answers probes; a returning Primary or"
                    + " Alternate asks the server for its former role");
        }
        if (previous.isProxy()) {
            config.roleMemory.save(WireRole.ALTERNATE);
            platform.background.execute(() -> returnAsFormerProxy(previous));
        } else {
            startup.complete(role);
        }
    }

    // ---- enrollment: docs/security.md, "Agent identity" ----

    /**
     * Enrolls with the token: a new Ed25519 key pair, ENROLL (signed with the token's key) to the servers in order
     * until one answers, the server's ENROLLED (signed with the same key, so only a server that knows the token can
     * hand out its key) kept in the identity file.
     */
    private void enroll() throws IOException {
        EnrollmentSecret token = config.enrollmentToken;
        KeyPair keys = Ed25519.generate();
        Enroll request = new Enroll(token.tokenId(), config.name, List.of(config.address), config.mask, config.mac,
                listenAddress().getPort(), keys.getPublic().getEncoded());
        ProtocolClient enrolling = new ProtocolClient(new FrameCodec(SecurityContext.withKey(token.hmacKey())), config.tls,
                config.connectTimeout, config.readTimeout).bindingTo(config.address);
        Enrolled enrolled;
        try {
            enrolled = (Enrolled) toServer("Enrollment", server -> enrollWith(enrolling, server, request));
        } catch (EnrollmentException refused) {
            throw refused;
        } catch (IOException e) {
            throw EnrollmentException.unanswered(e);
        }
        identity.enrolled(IdentityFile.enrolled(enrolled.agentId(), keys, enrolled.serverKeyId(),
                Ed25519.publicKey(enrolled.serverPublicKey())));
        LOG.log(System.Logger.Level.INFO, "Enrolled with " + serverLabel() + " as agent " + enrolled.agentId()
                + "; identity kept in " + identity.file());
    }

    /** One ENROLL exchange: the server's ENROLLED, or its ERROR as a final {@link EnrollmentException}. */
    private static Message enrollWith(ProtocolClient client, InetSocketAddress server, Enroll request) throws IOException {
        try (ProtocolConnection connection = client.connect(server)) {
            connection.send(request);
            Frame reply = connection.receive();
            if (reply == null) {
                throw new EOFException(ServerList.label(server) + " closed the connection without answering the ENROLL");
            }
            if (reply.message() instanceof ErrorReply error) {
                throw EnrollmentException.refused(ServerList.label(server), error.message());
            }
            if (!(reply.message() instanceof Enrolled)) {
                throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, ServerList.label(server) + " answered the ENROLL with "
                        + reply.message().type());
            }
            return reply.message();
        }
    }

    // ---- a returning agent: docs/architecture.md#flow-a-returning-agent ----

    private void returnAsFormerProxy(WireRole previous) {
        if (stopped) {
            return;
        }
        try {
            if (probe == null) {
                // an identity: no probe (docs/protocol.md, "The agent program"); the server arbitrates the claim
                LOG.log(System.Logger.Level.INFO, "Returning as former " + previous + ": up as ALTERNATE, registering as "
                        + previous + " without PRIMARY PROBE (the server arbitrates)");
                register(previous, previous);
                startup.complete(role);
                return;
            }
            LOG.log(System.Logger.Level.INFO, "Returning as former " + previous + ": up as ALTERNATE, probing "
                    + config.subnet() + " for a Primary");
            Optional<PrimaryAnswer> primary = probe.probe(config.probeTimeout, config.probeAttempts);
            WireRole requested = primary.isPresent() ? WireRole.ALTERNATE : WireRole.PRIMARY;
            LOG.log(System.Logger.Level.INFO, primary.map(a -> "Primary " + a.primary() + " (" + a.machineName()
                    + ") answered; registering as ALTERNATE").orElse("No Primary answered; registering as PRIMARY"));
            register(previous, requested);
            startup.complete(role);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Registration with " + serverLabel() + " failed, retrying in "
                    + config.heartbeatInterval + ": " + e.getMessage());
            platform.background.schedule(() -> returnAsFormerProxy(previous), config.heartbeatInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            startup.completeExceptionally(e);
            LOG.log(System.Logger.Level.ERROR, "Returning as former " + previous + " failed", e);
        }
    }

    private void register(WireRole previous, WireRole requested) throws IOException {
        Ipv6Link link = wakes.link();
        List<Ipv6Prefix> prefixes = link == null || prefixesRefused.get() ? List.of() : link.prefixes();
        Message reply;
        try {
            reply = toServer("Registration", server -> client.exchange(server, registration(previous, requested, prefixes)));
        } catch (RemoteErrorException e) {
            if (prefixes.isEmpty() || e.code() != ErrorCode.UNSUPPORTED_VERSION) {
                throw e;
            }
            // a server before version 4 (docs/protocol.md, "Version 4"): without prefixes until the agent restarts
            if (prefixesRefused.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, serverLabel() + " speaks an older protocol: registering without the"
                        + " IPv6 prefixes of " + link.name());
            }
            reply = toServer("Registration", server -> client.exchange(server, registration(previous, requested, List.of())));
        }
        WireRole granted = reply instanceof RoleChange change ? change.role() : requested;
        setRole(granted, "registered with " + serverLabel());
    }

    private Registration registration(WireRole previous, WireRole requested, List<Ipv6Prefix> prefixes) {
        return new Registration(config.name, List.of(config.address), config.mask, config.mac, listenAddress().getPort(),
                previous, requested, protocolVersion(), codec.security().isSecure(), prefixes);
    }

    /**
     * The highest version this agent reads (docs/protocol.md, "Versions"): the server sends it version-3 wake batches
     * (paired subnets) only when it says 3, and version-4 ones (the IPv6 link) only when it says 4.
     */
    private int protocolVersion() {
        return FrameCodec.MAX_SUPPORTED_VERSION;
    }

    /** The current server as administrators write it, host:port. */
    private String serverLabel() {
        return ServerList.label(servers.current());
    }

    private static InetSocketAddress resolved(InetSocketAddress target) {
        return target.isUnresolved() ? new InetSocketAddress(target.getHostString(), target.getPort()) : target;
    }

    /** One exchange with a server, as {@link #toServer} makes it. */
    @FunctionalInterface
    private interface ServerCall {
        Message call(InetSocketAddress server) throws IOException;
    }

    /**
     * Makes {@code call} with the current server and, when that server does not answer (no connection, a timeout, a
     * connection closed: not an error it answered), with the next ones, each at most once (docs/protocol.md, "Several
     * servers"). The server that answered stays the current one.
     */
    private Message toServer(String what, ServerCall call) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < servers.size(); attempt++) {
            InetSocketAddress target = servers.current();
            try {
                return call.call(resolved(target));
            } catch (RemoteErrorException | SecurityMismatchException | EnrollmentException answered) {
                throw answered;   // the server is there and said no: another node would say the same
            } catch (IOException e) {
                last = e;
                InetSocketAddress next = servers.next(target);
                if (!next.equals(target)) {
                    heartbeats.close();   // the kept connection belongs to the server that stopped answering
                    LOG.log(System.Logger.Level.WARNING, what + " to " + ServerList.label(target) + " failed (" + e.getMessage()
                            + "); moving to " + ServerList.label(next));
                }
            }
        }
        throw last;
    }

    private void setRole(WireRole newRole, String why) {
        WireRole old = role;
        role = newRole;
        config.roleMemory.save(newRole);
        if (!newRole.isProxy()) {
            heartbeats.close();   // a MEMBER does not heartbeat: the server need not hold a connection for it
        }
        LOG.log(System.Logger.Level.INFO, "Role " + old + " -> " + newRole + " (" + why + ")");
    }

    // ---- server commands (port 1776) ----

    private Message handle(Frame frame, InetSocketAddress peer) throws Exception {
        if (stopped) {
            throw new ProtocolException(ErrorCode.BUSY, "agent is stopping");
        }
        if (!config.commandDelay.isZero()) {
            Thread.sleep(config.commandDelay.toMillis());
        }
        Message message = frame.message();
        if (message instanceof WakeBatch batch) {
            return wake(batch);
        }
        if (message instanceof RegisterRequest request) {
            if (!request.serverHost().isEmpty()) {
                servers.moveTo(InetSocketAddress.createUnresolved(request.serverHost(),
                        request.serverPort() != 0 ? request.serverPort() : servers.current().getPort()));
                heartbeats.close();   // heartbeats go to the new server from now on
            }
            LOG.log(System.Logger.Level.INFO, "Server " + peer.getAddress().getHostAddress()
                    + " asked this agent to register with " + serverLabel());
            platform.background.execute(this::registerOnRequest);
            return Ack.of("registering with " + serverLabel());
        }
        if (message instanceof StatusRequest) {
            return new AgentStatus(config.name, config.address, config.mask, role, protocolVersion(),
                    codec.security().isSecure(), System.currentTimeMillis() - startedAt, wakes.packetsSent());
        }
        if (message instanceof Unregister unregister) {
            setRole(WireRole.MEMBER, "unregistered by the server: " + unregister.reason());
            return Ack.of("unregistered");
        }
        if (message instanceof RoleChange change) {
            setRole(change.role(), "server: " + change.reason());
            return Ack.of("role is now " + change.role());
        }
        throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, message.type() + " is not a server command");
    }

    private void registerOnRequest() {
        try {
            register(role, WireRole.MEMBER);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Registration with " + serverLabel() + " failed: " + e.getMessage());
        }
    }

    private Message wake(WakeBatch batch) {
        List<TargetResult> results = wakes.execute(batch);
        int duplicates = (int) results.stream().filter(r -> r.outcome() == TargetResult.Outcome.DUPLICATE).count();
        int failed = (int) results.stream().filter(r -> r.outcome() == TargetResult.Outcome.FAILED).count();
        LOG.log(System.Logger.Level.INFO, "Wake batch " + batch.jobId() + ": " + (results.size() - duplicates - failed)
                + " sent, " + duplicates + " duplicates not re-sent, " + failed + " failed");
        platform.background.execute(() -> report(batch, results));
        return new Ack(results.size() - duplicates, duplicates, "wake batch executed");
    }

    private void report(WakeBatch batch, List<TargetResult> results) {
        String jobId = batch.jobId();
        int pairedCount = batch.pairedBroadcasts().size();
        for (int from = 0; from < results.size(); from += WakeResult.MAX_RESULTS) {
            List<TargetResult> chunk = new ArrayList<>(
                    results.subList(from, Math.min(results.size(), from + WakeResult.MAX_RESULTS)));
            try {
                toServer("Wake result", server -> client.exchange(server, new WakeResult(jobId, config.name, chunk, pairedCount,
                        batch.link())));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not report wake results of " + jobId + " to " + serverLabel()
                        + ": " + e.getMessage());
                return;
            }
        }
    }

    // ---- Last Man Standing ----

    private void heartbeat() {
        if (stopped || !role.isProxy()) {
            return;
        }
        try {
            Heartbeat beat = new Heartbeat(config.name, config.address, role, System.currentTimeMillis() - startedAt,
                    wakes.packetsSent());
            toServer("Heartbeat", server -> config.keepHeartbeatConnection ? heartbeats.request(server, beat) : client.exchange(server, beat));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Heartbeat to " + serverLabel() + " failed: " + e.getMessage());
        }
    }

    // ---- observation and shutdown ----

    public WireRole role() {
        return role;
    }

    public String name() {
        return config.name;
    }

    public AgentConfig config() {
        return config;
    }

    /** This agent's identity (docs/security.md, "Agent identity"), with the server keys it trusts now; null without one. */
    public IdentityFile identity() {
        return identity == null ? null : identity.identity();
    }

    /** What this agent signs its frames as; null for an agent without identity. */
    public SigningIdentity signingIdentity() {
        return identity == null ? null : identity.signing();
    }

    /**
     * Completes with the role once start-up (and the return of a former proxy,
     * docs/architecture.md#flow-a-returning-agent, if it applied) is over.
     */
    public CompletableFuture<WireRole> startup() {
        return startup;
    }

    public long packetsSent() {
        return wakes.packetsSent();
    }

    /** Connections opened for heartbeats so far: one while the server keeps holding it. */
    public long heartbeatConnectionsOpened() {
        return heartbeats.connectionsOpened();
    }

    /** Whether a connection for heartbeats is open now. */
    public boolean heartbeatConnectionOpen() {
        return heartbeats.isOpen();
    }

    public InetSocketAddress listenAddress() {
        try {
            return listener.localAddress();
        } catch (IOException e) {
            throw new IllegalStateException("listener is closed", e);
        }
    }

    /** Orderly stop: a proxy tells the server GOING DOWN so it can promote the Alternate at once. */
    public void stop(String reason) {
        if (stopped) {
            return;
        }
        WireRole last = role;
        if (last.isProxy()) {
            try {
                toServer("GOING DOWN", server -> client.exchange(server, new GoingDown(config.name, config.address, last, reason)));
                LOG.log(System.Logger.Level.INFO, "Told " + serverLabel() + " GOING DOWN as " + last + ": " + reason);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not tell " + serverLabel() + " GOING DOWN: " + e.getMessage());
            }
        }
        close();
    }

    /** Abrupt stop, as a power cut: no GOING DOWN. The role stays in the role memory for the next start. */
    @Override
    public void close() {
        stopped = true;
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        heartbeats.close();
        closeQuietly(listener);
        closeQuietly(probe);
        closeQuietly(wakes);
        startup.complete(role);
    }

    private static void closeQuietly(Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "close failed: " + e);
            }
        }
    }
}
