package org.reveille.agent;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.reveille.protocol.Ack;
import org.reveille.protocol.Ed25519;
import org.reveille.protocol.Endorsement;
import org.reveille.protocol.Enroll;
import org.reveille.protocol.Enrolled;
import org.reveille.protocol.ErrorCode;
import org.reveille.protocol.Frame;
import org.reveille.protocol.FrameCodec;
import org.reveille.protocol.FrameServer;
import org.reveille.protocol.IdentityKeys;
import org.reveille.protocol.ListenerRuntime;
import org.reveille.protocol.Message;
import org.reveille.protocol.MessageType;
import org.reveille.protocol.ProtocolClient;
import org.reveille.protocol.ProtocolException;
import org.reveille.protocol.Registration;
import org.reveille.protocol.RoleChange;
import org.reveille.protocol.SecurityContext;
import org.reveille.protocol.SigningIdentity;
import org.reveille.protocol.WireRole;

/**
 * Test only: the server's agent listener reduced to what enrollment tests need (docs/security.md, "Agent identity"),
 * built from the protocol module's classes. It takes ENROLL with the tokens it was given (SHA-256 of the secret, as the
 * real server keeps them), hands out agent ids from 1001 and its key (id 7), accepts the frames of the agents it
 * enrolled, signs as its current key (which a test may rotate, with or without endorsement), records every frame with
 * its verified signer, and grants a registering agent the role it asked for (PRIMARY when it asked for none).
 */
public final class EnrollingServer implements Closeable {

    public static final long FIRST_KEY_ID = 7;

    private final Map<String, byte[]> tokens = new ConcurrentHashMap<>();
    private final Map<Long, PublicKey> agents = new ConcurrentHashMap<>();
    private final AtomicLong nextAgentId = new AtomicLong(1001);
    private final List<Enroll> enrollments = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    private final KeyPair firstKey = Ed25519.generate();
    private volatile SigningIdentity signing = new SigningIdentity(FIRST_KEY_ID, firstKey.getPrivate());
    private volatile PublicKey signingPublic = firstKey.getPublic();
    private final ListenerRuntime runtime;
    private final FrameServer listener;

    /** The agents this server enrolled; any other signer is refused. */
    private final IdentityKeys agentKeys = signer -> {
        PublicKey key = agents.get(signer);
        if (key == null) {
            throw new ProtocolException(ErrorCode.IDENTITY_REFUSED, "agent identity " + signer + " is not enrolled here");
        }
        return key;
    };

    /** On 127.0.0.1, any free port, taking the given tokens ({@code <id>.<secret>}). */
    public EnrollingServer(String... tokens) throws IOException {
        this(new InetSocketAddress("127.0.0.1", 0), tokens);
    }

    public EnrollingServer(InetSocketAddress bind, String... tokens) throws IOException {
        for (String token : tokens) {
            EnrollmentSecret parsed = EnrollmentSecret.parse(token);
            this.tokens.put(parsed.tokenId(), parsed.hmacKey());
        }
        SecurityContext security = SecurityContext.forIdentities().withChangingIdentity(() -> signing, agentKeys)
                .acceptingEnrollment(tokenId -> {
                    byte[] key = this.tokens.get(tokenId);
                    if (key == null) {
                        throw new ProtocolException(ErrorCode.ENROLLMENT_REFUSED, "token " + tokenId
                                + " is unknown, expired, used up or revoked");
                    }
                    return key;
                });
        runtime = ListenerRuntime.create("enrolling-server", 8, Duration.ofSeconds(10), null);
        try {
            listener = FrameServer.start(bind, new FrameCodec(security), null,
                    EnumSet.of(MessageType.Channel.AGENT_TO_SERVER), this::handle, runtime);
        } catch (IOException | RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    private Message handle(Frame frame, InetSocketAddress peer) throws ProtocolException {
        received.add(frame);
        Message message = frame.message();
        if (message instanceof Enroll enroll) {
            enrollments.add(enroll);
            long id = nextAgentId.getAndIncrement();
            agents.put(id, Ed25519.publicKey(enroll.publicKey()));
            return new Enrolled(id, signing.signer(), signingPublic.getEncoded());
        }
        if (message instanceof Registration registration) {
            WireRole granted = registration.requestedRole() == WireRole.MEMBER ? WireRole.PRIMARY : registration.requestedRole();
            return new RoleChange(granted, "enrolling server grants what was asked");
        }
        return Ack.of("recorded");
    }

    public int port() throws IOException {
        return listener.localAddress().getPort();
    }

    /** host:port as an agent names this server. */
    public String label() throws IOException {
        return "127.0.0.1:" + port();
    }

    /** The ENROLLs this server answered. */
    public List<Enroll> enrollments() {
        return List.copyOf(enrollments);
    }

    /** The public key of the key this server started with (id {@link #FIRST_KEY_ID}). */
    public PublicKey firstPublicKey() {
        return firstKey.getPublic();
    }

    /** The key this server signs with now. */
    public SigningIdentity signing() {
        return signing;
    }

    /**
     * From now on this server signs with {@code keys} as {@code keyId}; with {@code endorsedUntil} (epoch ms, not 0)
     * its frames carry the current key's endorsement of the new one, as during a rotation's overlap.
     */
    public void rotate(long keyId, KeyPair keys, long endorsedUntil) {
        SigningIdentity old = signing;
        Endorsement endorsement = endorsedUntil == 0 ? null
                : Endorsement.create(old.signer(), old.key(), keyId, keys.getPublic(), endorsedUntil);
        signing = new SigningIdentity(keyId, keys.getPrivate(), endorsement);
        signingPublic = keys.getPublic();
    }

    /** A client that sends commands to agents signed as this server's current key, and checks their answers. */
    public ProtocolClient commands() {
        return new ProtocolClient(new FrameCodec(SecurityContext.forIdentities().withChangingIdentity(() -> signing, agentKeys)),
                null, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    /** The next frame whose message is of the given type, skipping others, or fails after {@code timeout}. */
    public Frame await(Class<? extends Message> type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Frame next = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("no " + type.getSimpleName() + " reached the server within " + timeout);
            }
            if (type.isInstance(next.message())) {
                return next;
            }
        }
    }

    public BlockingQueue<Frame> received() {
        return received;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        runtime.close();
    }
}
