package org.reveille.domain.model.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * A token an admin hands to new agents so that they may enroll (docs/security.md, "Agent identity"): it is good until
 * it expires, is used {@code maxUses} times or is revoked. Only SHA-256 of its secret is kept: that hash is the key the
 * agent's ENROLL is authenticated with, so the server checks the token without holding it.
 */
@Entity
@Table(name = "enrollment_token")
public class EnrollmentToken {

    public static final int MAX_DESCRIPTION = 255;

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "key_hash", nullable = false, length = 64, updatable = false)
    private String keyHash;

    @Column(name = "description", length = MAX_DESCRIPTION, updatable = false)
    private String description;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false, length = 128, updatable = false)
    private String createdBy;

    @Column(name = "expires_at", nullable = false, updatable = false)
    private Instant expiresAt;

    @Column(name = "max_uses", nullable = false, updatable = false)
    private int maxUses;

    @Column(name = "uses", nullable = false)
    private int uses;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Version
    private int version;

    protected EnrollmentToken() {
    }

    public EnrollmentToken(String id, byte[] keyHash, String description, Instant createdAt, String createdBy,
            Instant expiresAt, int maxUses) {
        this.id = Objects.requireNonNull(id);
        this.keyHash = Base64.getEncoder().encodeToString(keyHash);
        this.description = description;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
        this.expiresAt = expiresAt;
        this.maxUses = maxUses;
    }

    /** Why an agent may not enroll with this token now; empty when it may. */
    public Optional<String> refusal(Instant now) {
        if (revokedAt != null) {
            return Optional.of("enrollment token " + id + " was revoked at " + revokedAt);
        }
        if (!now.isBefore(expiresAt)) {
            return Optional.of("enrollment token " + id + " expired at " + expiresAt);
        }
        if (uses >= maxUses) {
            return Optional.of("enrollment token " + id + " is used up (" + uses + " of " + maxUses + " uses)");
        }
        return Optional.empty();
    }

    /** One enrollment made with it; the caller checked {@link #refusal} in the same transaction, under a lock. */
    public void use() {
        if (uses >= maxUses) {
            throw new IllegalStateException("token " + id + " is used up");
        }
        uses++;
    }

    public void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    public byte[] keyHash() {
        return Base64.getDecoder().decode(keyHash);
    }

    public String id() { return id; }
    public String description() { return description; }
    public Instant createdAt() { return createdAt; }
    public String createdBy() { return createdBy; }
    public Instant expiresAt() { return expiresAt; }
    public int maxUses() { return maxUses; }
    public int uses() { return uses; }
    public Instant revokedAt() { return revokedAt; }

    /** active, expired, used-up or revoked. */
    public String state(Instant now) {
        return revokedAt != null ? "revoked" : !now.isBefore(expiresAt) ? "expired" : uses >= maxUses ? "used-up" : "active";
    }
}
