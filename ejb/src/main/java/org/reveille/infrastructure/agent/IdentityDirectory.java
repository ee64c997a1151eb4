package org.reveille.infrastructure.agent;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJBException;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.reveille.application.AgentIdentities;
import org.reveille.application.AuditTrail;
import org.reveille.application.ServerKeys;
import org.reveille.domain.model.identity.AgentIdentity;
import org.reveille.domain.model.identity.ServerKey;
import org.reveille.logging.ReveilleLogger;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.Endorsement;
import org.reveille.protocol.EnrollmentKeys;
import org.reveille.protocol.ErrorCode;
import org.reveille.protocol.IdentityKeys;
import org.reveille.protocol.ProtocolException;
import org.reveille.protocol.SigningIdentity;

/**
 * This server's copy of the agent identities and its own signing keys (docs/architecture.md, "Agent identities"):
 * every identity in memory (about 200 bytes each), so that the agent listener checks an identity-signed frame, even on
 * its selector thread, without the database; an identity this copy does not know yet (enrolled through another server
 * a moment ago) is read once by id. Changes made here apply at once; those of other servers (revocations, moves,
 * rotations) are read every 5 seconds.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class IdentityDirectory {

    /** How far back each look reaches before the previous one: other servers' clocks, and their slow commits. */
    static final Duration LOOK_BACK = Duration.ofSeconds(60);

    /** An identity as the listener needs it. */
    public record Entry(long id, PublicKey key, MacAddress mac, Ipv4Address address, String machineName, Instant revokedAt) {
        static Entry of(AgentIdentity identity) {
            return new Entry(identity.id(), identity.publicKey(), identity.mac(), identity.address(), identity.machineName(),
                    identity.revokedAt());
        }

        public boolean revoked() {
            return revokedAt != null;
        }
    }

    @Inject
    private AgentIdentities identities;

    @Inject
    private ServerKeys serverKeys;

    @Inject
    private AuditTrail audit;

    private final Map<Long, Entry> byId = new ConcurrentHashMap<>();
    private final Map<Ipv4Address, Long> liveByAddress = new ConcurrentHashMap<>();
    private final Map<MacAddress, Long> liveByMac = new ConcurrentHashMap<>();
    private volatile Instant lastLook = Instant.EPOCH;
    private volatile Signing signing;

    private record Signing(List<Long> keyIds, SigningIdentity identity, ServerKey key) {
    }

    @PostConstruct
    void load() {
        try {
            serverKeys.createFirstIfMissing();
        } catch (EJBException e) {
            // another server created key 1 at the same moment: read it
            ReveilleLogger.LOG.debugf(e, "server key 1 created by another server");
        }
        refresh();
    }

    /** Reads what changed since the last look (all identities at the first), and the server keys. */
    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
    public void refresh() {
        Instant now = audit.now();
        // from before the last look (or now, if the clock was put back since), so that no change falls between two looks
        Instant since = lastLook.equals(Instant.EPOCH) ? Instant.EPOCH : (lastLook.isBefore(now) ? lastLook : now).minus(LOOK_BACK);
        identities.changedSince(since).forEach(this::apply);
        lastLook = now;
        reloadKeys();
    }

    private void reloadKeys() {
        List<ServerKey> inUse = serverKeys.inUse();
        if (inUse.isEmpty()) {
            return;
        }
        List<Long> ids = inUse.stream().map(ServerKey::id).toList();
        Signing current = signing;
        if (current != null && current.keyIds().equals(ids)) {
            return;
        }
        ServerKey newest = inUse.get(0);
        Endorsement endorsement = null;
        if (inUse.size() > 1) {
            ServerKey previous = inUse.get(1);
            endorsement = Endorsement.create(previous.id(), previous.privateKey(), newest.id(), newest.publicKey(),
                    previous.retireAt().toEpochMilli());
        }
        signing = new Signing(ids, new SigningIdentity(newest.id(), newest.privateKey(), endorsement), newest);
    }

    /** An identity enrolled, moved or revoked (here, or read from the database). */
    public void apply(AgentIdentity identity) {
        Entry entry = Entry.of(identity);
        Entry old = byId.put(entry.id(), entry);
        if (old != null) {
            liveByAddress.remove(old.address(), old.id());
            liveByMac.remove(old.mac(), old.id());
        }
        if (!entry.revoked()) {
            liveByAddress.put(entry.address(), entry.id());
            liveByMac.put(entry.mac(), entry.id());
        }
    }

    /** A change committed on this server applies here at once, not at the next look. */
    public void changed(@jakarta.enterprise.event.Observes(during = jakarta.enterprise.event.TransactionPhase.AFTER_SUCCESS)
            AgentIdentities.IdentityChanged change) {
        identities.find(change.id()).ifPresent(this::apply);
    }

    /** The keys of enrolled agents, for the listener's and the gateway's codecs: unknown and revoked ones are refused. */
    public IdentityKeys agentKeys() {
        return signer -> {
            Entry entry = entry(signer).orElseThrow(() -> new ProtocolException(ErrorCode.IDENTITY_REFUSED,
                    "agent identity " + signer + " is not enrolled with this server"));
            if (entry.revoked()) {
                throw new ProtocolException(ErrorCode.IDENTITY_REFUSED, "agent identity " + signer + " was revoked at " + entry.revokedAt());
            }
            return entry.key();
        };
    }

    /** An identity, read from the database once when this copy does not know it yet. */
    public Optional<Entry> entry(long id) {
        Entry entry = byId.get(id);
        if (entry == null && id > 0) {
            Optional<AgentIdentity> found = identities.find(id);
            found.ifPresent(this::apply);
            entry = found.map(Entry::of).orElse(null);
        }
        return Optional.ofNullable(entry);
    }

    /** The live identity registered at that address, from memory only (the listener's selector thread asks). */
    public OptionalLong liveAt(Ipv4Address address) {
        Long id = liveByAddress.get(address);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    /** The live identity of that MAC, from memory only. */
    public OptionalLong liveOf(MacAddress mac) {
        Long id = liveByMac.get(mac);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    public EnrollmentKeys enrollmentKeys() {
        return identities::enrollmentKey;
    }

    /** Who the server signs as now: the newest key, with its endorsement while an older key is in its overlap. */
    public SigningIdentity signing() {
        Signing current = signing;
        if (current == null) {
            throw new IllegalStateException("no server key: the database has none and none could be created");
        }
        return current.identity();
    }

    /** The newest key, which enrolling agents are given. */
    public ServerKey signingKey() {
        return signing.key();
    }

    public int size() {
        return byId.size();
    }
}
