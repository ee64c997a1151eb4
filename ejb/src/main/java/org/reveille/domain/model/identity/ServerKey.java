package org.reveille.domain.model.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import org.reveille.protocol.Ed25519;

/**
 * One of the server's Ed25519 signing keys (docs/security.md, "Agent identity"): the newest signs the server's frames
 * to enrolled agents; an older one stays in use until {@code retireAt}, endorsing the newest during a rotation's
 * overlap. Every server of an estate reads the same rows.
 */
@Entity
@Table(name = "server_key")
public class ServerKey {

    @Id
    private Long id;

    @Column(name = "public_key", nullable = false, length = 64, updatable = false)
    private String publicKey;

    @Column(name = "private_key", nullable = false, length = 128, updatable = false)
    private String privateKey;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false, length = 128, updatable = false)
    private String createdBy;

    @Column(name = "retire_at")
    private Instant retireAt;

    protected ServerKey() {
    }

    public ServerKey(long id, KeyPair keys, Instant now, String createdBy) {
        this.id = id;
        this.publicKey = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        this.privateKey = Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded());
        this.createdAt = now;
        this.createdBy = createdBy;
    }

    /** A newer key took over: this one endorses it and is accepted until {@code at}. */
    public void retireAt(Instant at) {
        if (retireAt == null || at.isBefore(retireAt)) {
            retireAt = at;
        }
    }

    public boolean retiredBy(Instant now) {
        return retireAt != null && !now.isBefore(retireAt);
    }

    public PublicKey publicKey() {
        return Ed25519.publicKey(publicKeyBytes());
    }

    public byte[] publicKeyBytes() {
        return Base64.getDecoder().decode(publicKey);
    }

    public PrivateKey privateKey() {
        return Ed25519.privateKey(Base64.getDecoder().decode(privateKey));
    }

    public long id() { return id; }
    public Instant createdAt() { return createdAt; }
    public String createdBy() { return createdBy; }
    public Instant retireAt() { return retireAt; }
}
