package org.reveille.protocol;

import java.util.Arrays;
import java.util.List;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/**
 * Version 2, agent to server: a new agent enrolls with a token an administrator created (docs/protocol.md,
 * "Version 2"), sending the public key of the key pair it generated and where it is. HMAC-signed with the token's key
 * (SHA-256 of its secret); the server answers {@link Enrolled}, signed the same way, or ERROR ENROLLMENT_REFUSED.
 */
public record Enroll(String tokenId, String machineName, List<Ipv4Address> addresses, Ipv4Address mask, MacAddress mac,
        int listenPort, byte[] publicKey) implements Message {

    public static final int TOKEN_ID_MAX_BYTES = 64;

    public Enroll {
        Message.requireText(tokenId, "tokenId", TOKEN_ID_MAX_BYTES);
        if (tokenId.isEmpty()) {
            throw new IllegalArgumentException("tokenId is empty");
        }
        Message.requireText(machineName, "machineName", NAME_MAX_BYTES);
        addresses = List.copyOf(Message.require(addresses, "addresses"));
        if (addresses.isEmpty() || addresses.size() > Registration.MAX_ADDRESSES) {
            throw new IllegalArgumentException("1-" + Registration.MAX_ADDRESSES + " addresses, not " + addresses.size());
        }
        Cidr.prefixLengthOf(Message.require(mask, "mask"));
        Message.require(mac, "mac");
        if (listenPort < 1 || listenPort > 65535) {
            throw new IllegalArgumentException("listenPort must be 1-65535");
        }
        Ed25519.publicKey(Message.require(publicKey, "publicKey"));   // an Ed25519 key, or IllegalArgumentException
        publicKey = publicKey.clone();
    }

    /** The address the agent listens on. */
    public Ipv4Address address() {
        return addresses.get(0);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public MessageType type() {
        return MessageType.ENROLL;
    }

    @Override
    public void write(PayloadWriter out) {
        out.string(tokenId, TOKEN_ID_MAX_BYTES).string(machineName, NAME_MAX_BYTES).u8(addresses.size());
        addresses.forEach(out::ipv4);
        out.ipv4(mask).mac(mac).u16(listenPort).shortBytes(publicKey);
    }

    static Enroll read(PayloadReader in) throws ProtocolException {
        String token = in.string("tokenId", TOKEN_ID_MAX_BYTES);
        String name = in.string("machineName", NAME_MAX_BYTES);
        List<Ipv4Address> addresses = in.ipv4List("addresses", Registration.MAX_ADDRESSES);
        Ipv4Address mask = in.mask("mask");
        MacAddress mac = in.mac("mac");
        int listenPort = in.port("listenPort", false);
        byte[] key = in.shortBytes("publicKey");
        try {
            return new Enroll(token, name, addresses, mask, mac, listenPort, key);
        } catch (IllegalArgumentException e) {
            throw PayloadReader.malformed(e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Enroll e && tokenId.equals(e.tokenId) && machineName.equals(e.machineName) && addresses.equals(e.addresses)
                && mask.equals(e.mask) && mac.equals(e.mac) && listenPort == e.listenPort && Arrays.equals(publicKey, e.publicKey);
    }

    @Override
    public int hashCode() {
        return tokenId.hashCode() * 31 + mac.hashCode();
    }

    @Override
    public String toString() {
        return "Enroll[tokenId=" + tokenId + ", machineName=" + machineName + ", addresses=" + addresses + ", mac=" + mac + "]";
    }
}
