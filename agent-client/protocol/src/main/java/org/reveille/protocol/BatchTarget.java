package org.reveille.protocol;

import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.wol.SecureOnPassword;

/** One machine of a {@link WakeBatch}: its MAC, optional SecureOn password and optional last known IP. */
public record BatchTarget(MacAddress mac, SecureOnPassword password, Ipv4Address lastKnownIp) {

    public BatchTarget {
        Message.require(mac, "mac");
    }

    public static BatchTarget of(MacAddress mac) {
        return new BatchTarget(mac, null, null);
    }

    void write(PayloadWriter out) {
        out.mac(mac).shortBytes(password == null ? null : password.toBytes()).optionalIpv4(lastKnownIp);
    }

    static BatchTarget read(PayloadReader in) throws ProtocolException {
        MacAddress mac = in.mac("target mac");
        byte[] password = in.shortBytes("target SecureOn password");
        if (password != null && password.length != 4 && password.length != 6) {
            throw PayloadReader.malformed("SecureOn password must be 4 or 6 bytes, not " + password.length);
        }
        return new BatchTarget(mac, password == null ? null : SecureOnPassword.of(password),
                in.optionalIpv4("target lastKnownIp"));
    }
}
