package org.reveille.wol;

import java.util.Arrays;
import java.util.Objects;
import org.reveille.net.MacAddress;

/**
 * The Wake-on-LAN magic packet payload: six 0xFF bytes, the target MAC sixteen times (102 bytes), optionally
 * followed by a 4- or 6-byte SecureOn password (106 or 108 bytes). It is carried in a UDP datagram.
 */
public final class MagicPacket {

    public static final int BASE_LENGTH = 102;
    private static final int SYNC_LENGTH = 6;
    private static final int REPETITIONS = 16;

    private final MacAddress target;
    private final SecureOnPassword password;
    private final byte[] bytes;

    private MagicPacket(MacAddress target, SecureOnPassword password) {
        this.target = target;
        this.password = password;
        this.bytes = build(target, password);
    }

    public static MagicPacket of(MacAddress target) {
        return new MagicPacket(Objects.requireNonNull(target, "target"), null);
    }

    /** A packet with a SecureOn password; a null password gives the plain 102-byte packet. */
    public static MagicPacket of(MacAddress target, SecureOnPassword password) {
        return new MagicPacket(Objects.requireNonNull(target, "target"), password);
    }

    private static byte[] build(MacAddress target, SecureOnPassword password) {
        int passwordLength = password == null ? 0 : password.length();
        byte[] packet = new byte[BASE_LENGTH + passwordLength];
        Arrays.fill(packet, 0, SYNC_LENGTH, (byte) 0xFF);
        for (int i = 0; i < REPETITIONS; i++) {
            target.copyTo(packet, SYNC_LENGTH + 6 * i);
        }
        if (password != null) {
            password.copyTo(packet, BASE_LENGTH);
        }
        return packet;
    }

    /**
     * Reads a received datagram back into a packet, for listeners that record what a machine received.
     *
     * @throws IllegalArgumentException when the bytes are not a well-formed magic packet
     */
    public static MagicPacket parse(byte[] data, int offset, int length) {
        if (length != BASE_LENGTH && length != BASE_LENGTH + 4 && length != BASE_LENGTH + 6) {
            throw new IllegalArgumentException("a magic packet is 102, 106 or 108 bytes, not " + length);
        }
        for (int i = 0; i < SYNC_LENGTH; i++) {
            if (data[offset + i] != (byte) 0xFF) {
                throw new IllegalArgumentException("a magic packet starts with six 0xFF bytes");
            }
        }
        byte[] mac = Arrays.copyOfRange(data, offset + SYNC_LENGTH, offset + SYNC_LENGTH + 6);
        for (int i = 1; i < REPETITIONS; i++) {
            int at = offset + SYNC_LENGTH + 6 * i;
            if (!Arrays.equals(mac, 0, 6, data, at, at + 6)) {
                throw new IllegalArgumentException("repetition " + (i + 1) + " of the MAC differs from the first");
            }
        }
        SecureOnPassword password = length == BASE_LENGTH ? null
                : SecureOnPassword.of(Arrays.copyOfRange(data, offset + BASE_LENGTH, offset + length));
        return new MagicPacket(MacAddress.fromBytes(mac), password);
    }

    public MacAddress target() {
        return target;
    }

    /** The SecureOn password, or null when there is none. */
    public SecureOnPassword password() {
        return password;
    }

    public int length() {
        return bytes.length;
    }

    /** A fresh copy of the payload. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The payload without a copy, for the sender's hot loop; callers must not modify it. */
    byte[] payload() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MagicPacket && Arrays.equals(((MagicPacket) o).bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "MagicPacket[" + target + (password == null ? "" : ", SecureOn " + password.length() + " bytes") + "]";
    }
}
