package org.reveille.protocol;

import java.util.Arrays;

/**
 * Version 2, the server's answer to {@link Enroll}: the agent's identity id, and the key id and public key of the
 * server, which the agent trusts from then on (docs/protocol.md, "Version 2"). HMAC-signed with the token's key, so
 * only a server that knows the token can hand out a server key.
 */
public record Enrolled(long agentId, long serverKeyId, byte[] serverPublicKey) implements Message {

    public Enrolled {
        if (agentId == 0 || serverKeyId == 0) {
            throw new IllegalArgumentException("ids are never 0 (0 means none on the wire)");
        }
        Ed25519.publicKey(Message.require(serverPublicKey, "serverPublicKey"));
        serverPublicKey = serverPublicKey.clone();
    }

    @Override
    public byte[] serverPublicKey() {
        return serverPublicKey.clone();
    }

    @Override
    public MessageType type() {
        return MessageType.ENROLLED;
    }

    @Override
    public void write(PayloadWriter out) {
        out.i64(agentId).i64(serverKeyId).shortBytes(serverPublicKey);
    }

    static Enrolled read(PayloadReader in) throws ProtocolException {
        long agent = in.i64("agentId");
        long server = in.i64("serverKeyId");
        byte[] key = in.shortBytes("serverPublicKey");
        try {
            return new Enrolled(agent, server, key);
        } catch (IllegalArgumentException e) {
            throw PayloadReader.malformed(e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Enrolled e && agentId == e.agentId && serverKeyId == e.serverKeyId && Arrays.equals(serverPublicKey, e.serverPublicKey);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(agentId) * 31 + Long.hashCode(serverKeyId);
    }

    @Override
    public String toString() {
        return "Enrolled[agentId=" + agentId + ", serverKeyId=" + serverKeyId + "]";
    }
}
