package org.reveille.interfaces.rest.identity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.Base64;
import org.reveille.domain.model.identity.AgentIdentity;
import org.reveille.domain.model.identity.EnrollmentToken;
import org.reveille.domain.model.identity.ServerKey;

/** The representations of docs/api.md, "Agent identities". */
final class IdentityRepresentations {

    private IdentityRepresentations() {
    }

    /** An enrollment token; {@code token} (id and secret, what agents are given) only in the answer that created it. */
    @JsonbPropertyOrder({"id", "token", "state", "description", "uses", "maxUses", "expiresAt", "createdAt", "createdBy", "revokedAt"})
    public record Token(String id, String token, String state, String description, int uses, int maxUses, String expiresAt,
                        String createdAt, String createdBy, String revokedAt) {

        static Token of(EnrollmentToken t, String secretToken, Instant now) {
            return new Token(t.id(), secretToken, t.state(now), t.description(), t.uses(), t.maxUses(), t.expiresAt().toString(),
                    t.createdAt().toString(), t.createdBy(), t.revokedAt() == null ? null : t.revokedAt().toString());
        }
    }

    @JsonbPropertyOrder({"id", "state", "machineName", "mac", "address", "subnet", "enrolledAt", "enrolledThrough", "token",
            "revokedAt", "revokedBy", "revokeReason"})
    public record Identity(long id, String state, String machineName, String mac, String address, String subnet, String enrolledAt,
                           String enrolledThrough, String token, String revokedAt, String revokedBy, String revokeReason) {

        static Identity of(AgentIdentity i) {
            return new Identity(i.id(), i.revoked() ? "revoked" : "live", i.machineName(), i.mac().toString(), i.address().toString(),
                    i.subnet().toString(), i.enrolledAt().toString(), i.enrolledBy(), i.tokenId(),
                    i.revokedAt() == null ? null : i.revokedAt().toString(), i.revokedBy(), i.revokeReason());
        }
    }

    @JsonbPropertyOrder({"id", "state", "publicKey", "createdAt", "createdBy", "retireAt"})
    public record Key(long id, String state, String publicKey, String createdAt, String createdBy, String retireAt) {

        static Key of(ServerKey k, boolean signing, Instant now) {
            return new Key(k.id(), signing ? "signing" : k.retiredBy(now) ? "retired" : "endorsing",
                    Base64.getEncoder().encodeToString(k.publicKeyBytes()), k.createdAt().toString(), k.createdBy(),
                    k.retireAt() == null ? null : k.retireAt().toString());
        }
    }
}
