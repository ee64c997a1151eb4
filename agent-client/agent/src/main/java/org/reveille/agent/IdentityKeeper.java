package org.reveille.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import org.reveille.protocol.Endorsement;
import org.reveille.protocol.ErrorCode;
import org.reveille.protocol.IdentityKeys;
import org.reveille.protocol.ProtocolException;
import org.reveille.protocol.SigningIdentity;

/**
 * An enrolled agent's identity at run time (docs/security.md, "Agent identity"): what its frames are signed as, and
 * the server keys whose frames it accepts ({@link IdentityKeys}). A new server key endorsed by a trusted one (a
 * rotation, docs/protocol.md "Version 2") is learnt and written to the identity file at once, so that the agent
 * still knows the server once the old key has gone. Until the agent has enrolled it knows no key and signs nothing.
 */
final class IdentityKeeper implements IdentityKeys {

    private static final System.Logger LOG = System.getLogger(IdentityKeeper.class.getName());

    private final Path file;
    private volatile IdentityFile identity;

    /** @param identity the identity read from {@code file}, or null when the agent is about to enroll */
    IdentityKeeper(Path file, IdentityFile identity) {
        this.file = file;
        this.identity = identity;
    }

    Path file() {
        return file;
    }

    /** The identity, or null before enrollment. */
    IdentityFile identity() {
        return identity;
    }

    /** What this agent signs as; null before enrollment (nothing is sent then but the ENROLL, with the token's key). */
    SigningIdentity signing() {
        IdentityFile current = identity;
        return current == null ? null : current.signing();
    }

    /** The enrollment succeeded: keep the identity in the file, then use it. */
    synchronized void enrolled(IdentityFile enrolled) throws IOException {
        enrolled.write(file);
        identity = enrolled;
    }

    @Override
    public PublicKey publicKey(long signer) throws ProtocolException {
        IdentityFile current = identity;
        PublicKey key = current == null ? null : current.serverKeys().get(signer);
        if (key == null) {
            throw new ProtocolException(ErrorCode.IDENTITY_REFUSED, "signer " + signer + " is not a server key this agent knows");
        }
        return key;
    }

    @Override
    public synchronized void endorsed(Endorsement endorsement) {
        IdentityFile current = identity;
        if (current == null || current.serverKeys().containsKey(endorsement.newKeyId())) {
            return;   // another frame of the same overlap got here first
        }
        IdentityFile learnt = current.withServerKey(endorsement.newKeyId(), endorsement.publicKey());
        identity = learnt;
        try {
            learnt.write(file);
            LOG.log(System.Logger.Level.INFO, "Learned server key " + endorsement.newKeyId() + " (endorsed by key "
                    + endorsement.oldKeyId() + ")");
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Learned server key " + endorsement.newKeyId() + " (endorsed by key "
                    + endorsement.oldKeyId() + ") but could not keep it in " + file + ": " + e + "; after a restart this agent"
                    + " will know it only while the server still sends the endorsement");
        }
    }
}
