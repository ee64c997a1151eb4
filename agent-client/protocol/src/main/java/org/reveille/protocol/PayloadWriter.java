package org.reveille.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/** Appends message fields in the protocol's big-endian layout; see docs/protocol.md "Field encodings". */
public final class PayloadWriter {

    private byte[] buffer;
    private int length;

    PayloadWriter(int initialCapacity) {
        buffer = new byte[initialCapacity];
    }

    private void ensure(int extra) {
        if (length + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
        }
    }

    public PayloadWriter u8(int value) {
        ensure(1);
        buffer[length++] = (byte) value;
        return this;
    }

    public PayloadWriter u16(int value) {
        ensure(2);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
        return this;
    }

    public PayloadWriter i32(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[length++] = (byte) (value >>> shift);
        }
        return this;
    }

    public PayloadWriter i64(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[length++] = (byte) (value >>> shift);
        }
        return this;
    }

    public PayloadWriter bool(boolean value) {
        return u8(value ? 1 : 0);
    }

    /** A u16 byte length then UTF-8; fails early rather than writing a frame the peer would reject. */
    public PayloadWriter string(String value, int maxBytes) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > maxBytes) {
            throw new IllegalArgumentException("text field of " + utf8.length + " bytes exceeds " + maxBytes);
        }
        u16(utf8.length);
        return bytes(utf8);
    }

    /** A u8 length then the bytes (0 for none). */
    public PayloadWriter shortBytes(byte[] value) {
        if (value == null) {
            return u8(0);
        }
        u8(value.length);
        return bytes(value);
    }

    /** An IPv6 prefix: its 16-byte network address, then its length u8. */
    public PayloadWriter ipv6Prefix(org.reveille.net.Ipv6Prefix prefix) {
        return bytes(prefix.networkAddress().toBytes()).u8(prefix.prefixLength());
    }

    PayloadWriter bytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, buffer, length, value.length);
        length += value.length;
        return this;
    }

    public PayloadWriter ipv4(Ipv4Address address) {
        return i32(address.toInt());
    }

    /** A flag byte then the address when present. */
    public PayloadWriter optionalIpv4(Ipv4Address address) {
        return address == null ? u8(0) : u8(1).ipv4(address);
    }

    public PayloadWriter mac(MacAddress mac) {
        ensure(6);
        mac.copyTo(buffer, length);
        length += 6;
        return this;
    }

    public PayloadWriter cidr(Cidr cidr) {
        return ipv4(cidr.networkAddress()).u8(cidr.prefixLength());
    }

    public PayloadWriter role(WireRole role) {
        return u8(role.code());
    }

    int length() {
        return length;
    }

    byte[] array() {
        return buffer;
    }
}
