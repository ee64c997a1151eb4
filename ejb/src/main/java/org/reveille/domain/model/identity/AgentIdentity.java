package org.reveille.domain.model.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.Ed25519;

/**
 * An enrolled agent's identity (docs/security.md, "Agent identity"): its Ed25519 public key, bound to the MAC it
 * enrolled with and to its current address (a move within its subnet follows DHCP; a move to another subnet needs the
 * inventory to place the MAC there). A revoked identity stays as a record; its MAC may enroll again.
 */
@Entity
@Table(name = "agent_identity")
public class AgentIdentity {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "agent_identity_seq")
    @SequenceGenerator(name = "agent_identity_seq", sequenceName = "agent_identity_seq", allocationSize = 1)
    private Long id;

    @Column(name = "machine_name", nullable = false, length = 255)
    private String machineName;

    @Column(name = "mac", nullable = false, length = 17, updatable = false)
    private MacAddress mac;

    @Column(name = "active_mac", length = 17)
    private MacAddress activeMac;

    @Column(name = "address", nullable = false, length = 15)
    private Ipv4Address address;

    @Column(name = "mask", nullable = false, length = 15)
    private Ipv4Address mask;

    @Column(name = "public_key", nullable = false, length = 64, updatable = false)
    private String publicKey;

    @Column(name = "token_id", nullable = false, length = 32, updatable = false)
    private String tokenId;

    @Column(name = "enrolled_at", nullable = false, updatable = false)
    private Instant enrolledAt;

    @Column(name = "enrolled_by", nullable = false, length = 64, updatable = false)
    private String enrolledBy;

    @Column(name = "changed_at", nullable = false)
    private Instant changedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "revoked_by", length = 128)
    private String revokedBy;

    @Column(name = "revoke_reason", length = 1024)
    private String revokeReason;

    @Version
    private int version;

    protected AgentIdentity() {
    }

    public AgentIdentity(String machineName, MacAddress mac, Ipv4Address address, Ipv4Address mask, byte[] publicKey,
            String tokenId, String enrolledBy, Instant now) {
        Ed25519.publicKey(publicKey);   // refuses what is not an Ed25519 key
        this.machineName = Objects.requireNonNull(machineName);
        this.mac = Objects.requireNonNull(mac);
        this.activeMac = mac;
        this.address = Objects.requireNonNull(address);
        this.mask = Objects.requireNonNull(mask);
        this.publicKey = Base64.getEncoder().encodeToString(publicKey);
        this.tokenId = tokenId;
        this.enrolledBy = enrolledBy;
        this.enrolledAt = now;
        this.changedAt = now;
    }

    /** The agent registered from another address (a new DHCP lease, or a move the inventory allowed). */
    public void movedTo(Ipv4Address newAddress, Ipv4Address newMask, String name, Instant now) {
        this.address = newAddress;
        this.mask = newMask;
        this.machineName = name;
        this.changedAt = now;
    }

    public void revoke(Instant now, String by, String reason) {
        if (revokedAt == null) {
            revokedAt = now;
            revokedBy = by;
            revokeReason = reason;
            activeMac = null;
            changedAt = now;
        }
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public Cidr subnet() {
        return Cidr.containing(address, mask);
    }

    public PublicKey publicKey() {
        return Ed25519.publicKey(Base64.getDecoder().decode(publicKey));
    }

    public Long id() { return id; }
    public String machineName() { return machineName; }
    public MacAddress mac() { return mac; }
    public Ipv4Address address() { return address; }
    public Ipv4Address mask() { return mask; }
    public String tokenId() { return tokenId; }
    public Instant enrolledAt() { return enrolledAt; }
    public String enrolledBy() { return enrolledBy; }
    public Instant changedAt() { return changedAt; }
    public Instant revokedAt() { return revokedAt; }
    public String revokedBy() { return revokedBy; }
    public String revokeReason() { return revokeReason; }
}
