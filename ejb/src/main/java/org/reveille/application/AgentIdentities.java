package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.reveille.domain.model.ConflictException;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.NotFoundException;
import org.reveille.domain.model.agent.Agent;
import org.reveille.domain.model.audit.Actor;
import org.reveille.domain.model.audit.AuditDetail;
import org.reveille.domain.model.audit.AuditKind;
import org.reveille.domain.model.identity.AgentIdentity;
import org.reveille.domain.model.identity.EnrollmentToken;
import org.reveille.logging.ReveilleLogger;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.Enroll;
import org.reveille.protocol.ErrorCode;
import org.reveille.protocol.ProtocolException;

/**
 * Enrollment tokens and agent identities (docs/security.md, "Agent identity"; docs/architecture.md, "Agent
 * identities"): an admin creates tokens, a new agent enrolls with one (ENROLL on the agent listener) and gets an
 * identity bound to its MAC, an admin revokes identities. Every change is audited in its own transaction.
 */
@Stateless
public class AgentIdentities {

    /** Token limits: at most a year, at most 100,000 uses. */
    public static final Duration MAX_TOKEN_VALIDITY = Duration.ofDays(366);
    public static final int MAX_TOKEN_USES = 100_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    @PersistenceContext
    private EntityManager em;

    @Inject
    private AuditTrail audit;

    @Inject
    private AgentRegistry registry;

    @Inject
    private jakarta.enterprise.event.Event<IdentityChanged> changes;

    /** An identity changed (revoked): this server's copy reloads it once the change is committed. */
    public record IdentityChanged(long id) {
    }

    /** A token as created: the entity and the one text an admin hands to agents, {@code <id>.<secret>}, shown once. */
    public record NewToken(EnrollmentToken token, String secret) {
    }

    public NewToken createToken(Duration validFor, int maxUses, String description, Actor actor) {
        List<org.reveille.domain.model.Violation> problems = new ArrayList<>();
        if (validFor == null || validFor.compareTo(Duration.ofMinutes(1)) < 0 || validFor.compareTo(MAX_TOKEN_VALIDITY) > 0) {
            problems.add(new org.reveille.domain.model.Violation("validHours", "must be between 1 minute and "
                    + MAX_TOKEN_VALIDITY.toHours() + " hours"));
        }
        if (maxUses < 1 || maxUses > MAX_TOKEN_USES) {
            problems.add(new org.reveille.domain.model.Violation("uses", "must be between 1 and " + MAX_TOKEN_USES));
        }
        if (description != null && description.length() > EnrollmentToken.MAX_DESCRIPTION) {
            problems.add(new org.reveille.domain.model.Violation("description", "at most " + EnrollmentToken.MAX_DESCRIPTION + " characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The enrollment token cannot be created", problems);
        }
        Instant now = audit.now();
        String id = randomId();
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        EnrollmentToken token = new EnrollmentToken(id, tokenKey(secret), description, now, actor.user(), now.plus(validFor), maxUses);
        em.persist(token);
        ReveilleLogger.LOG.enrollmentTokenCreated(id, actor.toString(), maxUses, token.expiresAt().toString());
        audit.record(actor, AuditKind.ENROLLMENT_TOKEN_CREATED, "enrollment token " + id, AuditDetail.of()
                .with("uses", maxUses).with("expiresAt", token.expiresAt().toString()).with("description", description));
        return new NewToken(token, id + "." + secret);
    }

    /** The HMAC key of an enrollment token: SHA-256 of its secret's UTF-8 bytes (docs/protocol.md, "Version 2"). */
    public static byte[] tokenKey(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public List<EnrollmentToken> tokens() {
        return em.createQuery("select t from EnrollmentToken t order by t.createdAt desc, t.id", EnrollmentToken.class)
                .setMaxResults(1000).getResultList();
    }

    public EnrollmentToken revokeToken(String id, Actor actor) {
        EnrollmentToken token = em.find(EnrollmentToken.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (token == null) {
            throw new NotFoundException("No enrollment token " + id);
        }
        if (token.revokedAt() == null) {
            token.revoke(audit.now());
            ReveilleLogger.LOG.enrollmentTokenRevoked(id, actor.toString(), token.uses());
            audit.record(actor, AuditKind.ENROLLMENT_TOKEN_REVOKED, "enrollment token " + id, AuditDetail.of().with("uses", token.uses()));
        }
        return token;
    }

    /**
     * The key an ENROLL naming {@code tokenId} must be signed with; refused (ENROLLMENT_REFUSED, with why) for an
     * unknown, expired, used-up or revoked token. Read only: {@link #enroll} checks again under the token's lock.
     */
    public byte[] enrollmentKey(String tokenId) throws ProtocolException {
        EnrollmentToken token = tokenId == null || tokenId.length() > 32 ? null : em.find(EnrollmentToken.class, tokenId);
        if (token == null) {
            throw new ProtocolException(ErrorCode.ENROLLMENT_REFUSED, "enrollment token " + printable(tokenId) + " is unknown");
        }
        Optional<String> refusal = token.refusal(audit.now());
        if (refusal.isPresent()) {
            throw new ProtocolException(ErrorCode.ENROLLMENT_REFUSED, refusal.get());
        }
        return token.keyHash();
    }

    /**
     * An agent enrolls (its ENROLL was authenticated with the token's key): under the token's lock the token is checked
     * again and used once, and the agent's identity is stored, bound to its MAC. The agent must send from the address it
     * enrolls with ({@code peer}); a MAC that already holds a live identity is refused (an admin revokes that one first).
     */
    public AgentIdentity enroll(Enroll enroll, Ipv4Address peer, String node) throws ProtocolException {
        Ipv4Address address = enroll.addresses().get(0);
        if (!enroll.addresses().contains(peer)) {
            throw refused(enroll, peer, "the ENROLL comes from " + peer + ", not from the address it names (" + address + ")");
        }
        EnrollmentToken token = em.find(EnrollmentToken.class, enroll.tokenId(), LockModeType.PESSIMISTIC_WRITE);
        if (token == null) {
            throw refused(enroll, peer, "enrollment token " + enroll.tokenId() + " is unknown");
        }
        Instant now = audit.now();
        Optional<String> refusal = token.refusal(now);
        if (refusal.isPresent()) {
            throw refused(enroll, peer, refusal.get());
        }
        Optional<AgentIdentity> live = liveIdentityOf(enroll.mac());
        if (live.isPresent()) {
            throw refused(enroll, peer, "MAC " + enroll.mac() + " is already enrolled as agent identity " + live.get().id()
                    + "; an admin revokes that identity before this PC enrolls again");
        }
        token.use();
        AgentIdentity identity = new AgentIdentity(enroll.machineName(), enroll.mac(), peer, enroll.mask(), enroll.publicKey(),
                token.id(), node, now);
        em.persist(identity);
        em.flush();   // the unique key on the live MAC: a concurrent enrollment of the same MAC fails here
        ReveilleLogger.LOG.agentEnrolled(printable(enroll.machineName()), peer.toString(), enroll.mac().toString(),
                identity.subnet().toString(), identity.id(), token.id());
        audit.record(new Actor(enroll.machineName(), Actor.Channel.AGENT, peer.toString()), AuditKind.AGENT_ENROLLED,
                "agent identity " + identity.id(), AuditDetail.of().with("machineName", enroll.machineName()).with("mac", enroll.mac().toString())
                        .with("address", peer.toString()).with("subnet", identity.subnet().toString()).with("token", token.id())
                        .with("tokenUses", token.uses() + " of " + token.maxUses()));
        return identity;
    }

    private ProtocolException refused(Enroll enroll, Ipv4Address peer, String why) {
        ReveilleLogger.LOG.enrollmentRefused(printable(enroll.machineName()), enroll.mac().toString(), peer.toString(), why);
        return new ProtocolException(ErrorCode.ENROLLMENT_REFUSED, why);
    }

    public Optional<AgentIdentity> liveIdentityOf(MacAddress mac) {
        return em.createQuery("select i from AgentIdentity i where i.activeMac = :mac", AgentIdentity.class)
                .setParameter("mac", mac).getResultStream().findFirst();
    }

    public Optional<AgentIdentity> find(long id) {
        return Optional.ofNullable(em.find(AgentIdentity.class, id));
    }

    /** The identities, newest first; {@code revoked} null for all, else only revoked or only live ones. */
    public Page<AgentIdentity> identities(Boolean revoked, int offset, int limit) {
        String where = revoked == null ? "" : revoked ? " where i.revokedAt is not null" : " where i.revokedAt is null";
        long total = em.createQuery("select count(i) from AgentIdentity i" + where, Long.class).getSingleResult();
        List<AgentIdentity> items = em.createQuery("select i from AgentIdentity i" + where + " order by i.id desc", AgentIdentity.class)
                .setFirstResult(offset).setMaxResults(limit).getResultList();
        return new Page<>(items, total, offset, limit);
    }

    /** Identities changed (enrolled, moved, revoked) at or after {@code since}: what another server's cache reloads. */
    public List<AgentIdentity> changedSince(Instant since) {
        return em.createQuery("select i from AgentIdentity i where i.changedAt >= :since order by i.id", AgentIdentity.class)
                .setParameter("since", since).getResultList();
    }

    /**
     * Revokes an identity: its frames are refused from now on (on this server at once, on the others at their next
     * look), and the agent leaves the agent list as a de-registered agent does: a Primary's living Alternate is promoted
     * and the subnet is rediscovered. Returns the hand-overs the caller completes after the commit.
     */
    public Revoked revoke(long id, String reason, Actor actor) {
        AgentIdentity identity = em.find(AgentIdentity.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (identity == null) {
            throw new NotFoundException("No agent identity " + id);
        }
        if (identity.revoked()) {
            throw new ConflictException("Agent identity " + id + " was already revoked at " + identity.revokedAt() + " by " + identity.revokedBy());
        }
        String why = reason == null || reason.isBlank() ? "revoked by an administrator" : reason.strip();
        identity.revoke(audit.now(), actor.user(), why.length() <= 1024 ? why : why.substring(0, 1024));
        List<Long> agentRows = em.createQuery("select a.id from Agent a where a.address = :address and a.mac = :mac", Long.class)
                .setParameter("address", identity.address()).setParameter("mac", identity.mac()).getResultList();
        List<AgentRegistry.Handover> handovers = new ArrayList<>();
        for (Long row : agentRows) {
            handovers.add(registry.deregister(row, actor));
        }
        changes.fire(new IdentityChanged(id));
        ReveilleLogger.LOG.agentIdentityRevoked(id, printable(identity.machineName()), identity.mac().toString(), actor.toString(),
                identity.revokeReason(), agentRows.size());
        audit.record(actor, AuditKind.AGENT_REVOKED, "agent identity " + id, AuditDetail.of().with("machineName", identity.machineName())
                .with("mac", identity.mac().toString()).with("address", identity.address().toString()).with("reason", identity.revokeReason())
                .with("deregistered", agentRows.size()));
        return new Revoked(identity, handovers);
    }

    public record Revoked(AgentIdentity identity, List<AgentRegistry.Handover> handovers) {
    }

    /**
     * Checks an identity-signed REGISTRATION (docs/security.md, "Binding"): the MAC must be the identity's; an address
     * in the identity's subnet is a new lease and is followed; an address in another subnet is followed only when the
     * inventory places that MAC on that subnet, and is otherwise refused. Returns the identity as it now is.
     */
    public AgentIdentity bindRegistration(long id, String machineName, Ipv4Address address, Ipv4Address mask, MacAddress mac)
            throws ProtocolException {
        AgentIdentity identity = em.find(AgentIdentity.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (identity == null || identity.revoked()) {
            throw new ProtocolException(ErrorCode.IDENTITY_REFUSED, "agent identity " + id + (identity == null ? " is unknown" : " is revoked"));
        }
        if (!identity.mac().equals(mac)) {
            throw new ProtocolException(ErrorCode.IDENTITY_REFUSED, "agent identity " + id + " is bound to MAC " + identity.mac()
                    + ", not " + mac);
        }
        Cidr claimed = Cidr.containing(address, mask);
        if (address.equals(identity.address()) && mask.equals(identity.mask()) && machineName.equals(identity.machineName())) {
            return identity;
        }
        Instant now = audit.now();
        boolean sameSubnet = claimed.equals(identity.subnet());
        if (!sameSubnet && !inventoryPlaces(mac, claimed)) {
            throw new ProtocolException(ErrorCode.IDENTITY_REFUSED, "agent identity " + id + " enrolled on subnet " + identity.subnet()
                    + "; the inventory does not place MAC " + mac + " on " + claimed + " (an admin updates the inventory, or revokes the identity so that the PC enrolls again)");
        }
        String from = identity.address() + " (" + identity.subnet() + ")";
        identity.movedTo(address, mask, machineName, now);
        ReveilleLogger.LOG.agentIdentityMoved(id, from, address + " (" + claimed + ")",
                sameSubnet ? "a new address or name in its subnet" : "the inventory places its MAC there");
        return identity;
    }

    /** Whether the inventory has a NIC with this MAC on that subnet (by its recorded subnet, or its address). */
    private boolean inventoryPlaces(MacAddress mac, Cidr subnet) {
        List<Object[]> nics = em.createNativeQuery("select n.ip, n.subnet from nic n where n.mac = ?1")
                .setParameter(1, mac.toString()).getResultList();
        for (Object[] nic : nics) {
            String subnetText = (String) nic[1];
            String ip = (String) nic[0];
            if (subnet.toString().equals(subnetText) || (ip != null && subnet.contains(Ipv4Address.parse(ip)))) {
                return true;
            }
        }
        return false;
    }

    /** Agent-supplied text for a log line: control characters replaced, at most 255 characters. */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        String cut = text.length() <= 255 ? text : text.substring(0, 255) + "…";
        return cut.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    private static String randomId() {
        StringBuilder id = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            id.append(ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }
}
