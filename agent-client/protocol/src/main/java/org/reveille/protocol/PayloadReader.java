package org.reveille.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.reveille.net.Cidr;
import org.reveille.net.InvalidAddressException;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;

/**
 * Reads message fields and never trusts them: every read checks the remaining length, every value its range,
 * and text must be valid UTF-8. Any violation is a {@link ErrorCode#MALFORMED} {@link ProtocolException}.
 */
public final class PayloadReader {

    private final byte[] data;
    private int position;
    private final int end;
    private final int version;

    PayloadReader(byte[] data, int offset, int length, int version) {
        this.data = data;
        this.position = offset;
        this.end = offset + length;
        this.version = version;
    }

    /** The frame's protocol version: a message reads the fields a later version appends only when it is that high. */
    public int version() {
        return version;
    }

    private void need(int bytes, String field) throws ProtocolException {
        if (end - position < bytes) {
            throw malformed("payload ends inside " + field);
        }
    }

    static ProtocolException malformed(String detail) {
        return new ProtocolException(ErrorCode.MALFORMED, detail);
    }

    public int u8(String field) throws ProtocolException {
        need(1, field);
        return data[position++] & 0xFF;
    }

    public int u16(String field) throws ProtocolException {
        need(2, field);
        int value = (data[position] & 0xFF) << 8 | data[position + 1] & 0xFF;
        position += 2;
        return value;
    }

    public int i32(String field) throws ProtocolException {
        need(4, field);
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = value << 8 | data[position++] & 0xFF;
        }
        return value;
    }

    public long i64(String field) throws ProtocolException {
        need(8, field);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | data[position++] & 0xFF;
        }
        return value;
    }

    public boolean bool(String field) throws ProtocolException {
        int value = u8(field);
        if (value > 1) {
            throw malformed(field + " must be 0 or 1, not " + value);
        }
        return value == 1;
    }

    /** A u16 port 1-65535, or 0 where {@code zeroAllowed} (meaning "the receiver's default"). */
    public int port(String field, boolean zeroAllowed) throws ProtocolException {
        int port = u16(field);
        if (port == 0 && !zeroAllowed) {
            throw malformed(field + " must be 1-65535");
        }
        return port;
    }

    public String string(String field, int maxBytes) throws ProtocolException {
        int length = u16(field);
        if (length > maxBytes) {
            throw malformed(field + " is " + length + " bytes, more than " + maxBytes);
        }
        need(length, field);
        try {
            String value = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, position, length)).toString();
            position += length;
            return value;
        } catch (CharacterCodingException e) {
            throw malformed(field + " is not valid UTF-8");
        }
    }

    /** A u8 length then that many bytes; returns null for length 0. */
    public byte[] shortBytes(String field) throws ProtocolException {
        int length = u8(field);
        if (length == 0) {
            return null;
        }
        need(length, field);
        byte[] value = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return value;
    }

    /** A u8 count of 1 to {@code max}, then that many IPv4 addresses. */
    public java.util.List<Ipv4Address> ipv4List(String field, int max) throws ProtocolException {
        int count = u8(field);
        if (count == 0 || count > max) {
            throw malformed(field + " has " + count + " entries, expected 1-" + max);
        }
        java.util.List<Ipv4Address> addresses = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            addresses.add(ipv4(field));
        }
        return addresses;
    }

    /**
     * An IPv6 prefix as {@link PayloadWriter#ipv6Prefix} writes it: 16 bytes, then a length 1–128 with no address bit
     * set past it (else MALFORMED).
     */
    public org.reveille.net.Ipv6Prefix ipv6Prefix(String field) throws ProtocolException {
        need(16, field);
        org.reveille.net.Ipv6Address network = org.reveille.net.Ipv6Address.fromBytes(Arrays.copyOfRange(data, position, position + 16));
        position += 16;
        int length = u8(field + " length");
        if (length < 1 || length > 128) {
            throw malformed(field + ": the prefix length is " + length + ", expected 1-128");
        }
        org.reveille.net.Ipv6Prefix prefix = org.reveille.net.Ipv6Prefix.containing(network, length);
        if (!prefix.networkAddress().equals(network)) {
            throw malformed(field + ": host bits are set in " + network + "/" + length);
        }
        return prefix;
    }

    public Ipv4Address ipv4(String field) throws ProtocolException {
        return Ipv4Address.fromInt(i32(field));
    }

    public Ipv4Address optionalIpv4(String field) throws ProtocolException {
        return bool(field + " flag") ? ipv4(field) : null;
    }

    public MacAddress mac(String field) throws ProtocolException {
        need(6, field);
        try {
            return MacAddress.fromBytes(Arrays.copyOfRange(data, position, position + 6));
        } catch (InvalidAddressException e) {
            throw malformed(field + ": " + e.getMessage());
        } finally {
            position += 6;
        }
    }

    public Cidr cidr(String field) throws ProtocolException {
        Ipv4Address network = ipv4(field);
        int prefix = u8(field + " prefix");
        try {
            return Cidr.of(network, prefix);
        } catch (InvalidAddressException e) {
            throw malformed(field + ": " + e.getMessage());
        }
    }

    public Ipv4Address mask(String field) throws ProtocolException {
        Ipv4Address mask = ipv4(field);
        try {
            Cidr.prefixLengthOf(mask);
            return mask;
        } catch (InvalidAddressException e) {
            throw malformed(field + ": " + e.getMessage());
        }
    }

    public WireRole role(String field) throws ProtocolException {
        return WireRole.fromCode(u8(field));
    }

    /** A u16 element count checked against the message's limit before anything is allocated. */
    public int count(String field, int max) throws ProtocolException {
        int count = u16(field);
        if (count > max) {
            throw malformed(field + " has " + count + " entries, more than " + max);
        }
        return count;
    }

    void expectEnd(String message) throws ProtocolException {
        if (position != end) {
            throw malformed((end - position) + " unexpected bytes after the " + message + " fields");
        }
    }
}
