package org.reveille.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Encodes messages into frames and decodes frames into messages, for TCP streams and UDP datagrams alike.
 *
 * <pre>
 * offset size field
 *  0     2    magic 0x52 0x56 ("RV")
 *  2     1    protocol version (1 to 4)
 *  3     1    message type
 *  4     1    flags: bit 0 = signed (HMAC, shared key); bit 1 = identity-signed (version 2 and later); the others 0
 *  5     1    reserved, 0
 *  6     8    timestamp, epoch milliseconds
 * 14     8    nonce
 * 22     4    payload length N
 * 26     N    payload
 * 26+N  32    HMAC-SHA256 of bytes 0..26+N, when signed
 * 26+N   124  an Endorsement of the signer's key, when flag bit 2 (identity-signed frames only)
 * then   8+64 signer id, then the signer's Ed25519 signature of everything before it, when identity-signed
 * </pre>
 *
 * The decoder checks the header before it reads or allocates the payload, so a hostile length costs nothing,
 * and refuses anything wrong with a {@link ProtocolException} whose {@link ErrorCode} says what. Thread-safe.
 */
public final class FrameCodec {

    public static final int MAGIC = 0x5256;
    /** The version a shared-key or plain sender writes. */
    public static final int VERSION = 1;
    /** The version of identity-signed frames and of enrollment (docs/protocol.md, "Version 2"). */
    public static final int VERSION_IDENTITY = 2;
    /**
     * The version of wake paths (docs/protocol.md, "Version 3"): a WAKE BATCH with paired subnets' broadcast
     * addresses and a WAKE RESULT saying which of them each target's packets went to.
     */
    public static final int VERSION_WAKE_PATHS = 3;
    /**
     * The version of IPv6 links (docs/protocol.md, "Version 4"): a REGISTRATION with the agent's IPv6 prefixes, a WAKE
     * BATCH asking for the link's all-nodes multicast too, and a WAKE RESULT saying whether each target's packets went there.
     */
    public static final int VERSION_IPV6 = 4;
    public static final int MIN_SUPPORTED_VERSION = 1;
    public static final int MAX_SUPPORTED_VERSION = 4;
    public static final int HEADER_LENGTH = 26;
    /** Hard limit on a whole frame, header and HMAC included. */
    public static final int MAX_FRAME_SIZE = 65_536;
    static final int FLAG_SIGNED = 0x01;
    static final int FLAG_IDENTITY = 0x02;
    /** Version 2: an identity-signed frame that carries an {@link Endorsement} of its signer's key. */
    static final int FLAG_ENDORSED = 0x04;
    /** The signer id and the Ed25519 signature that end an identity-signed frame. */
    static final int IDENTITY_TRAILER = 8 + Ed25519.SIGNATURE_LENGTH;

    private final SecurityContext security;

    public FrameCodec(SecurityContext security) {
        this.security = security;
    }

    public SecurityContext security() {
        return security;
    }

    /** The frame for {@code message}, signed when this side is secure. */
    public byte[] encode(Message message) {
        return encode(message, security.isSecure());
    }

    /**
     * The frame for {@code message}, unsigned whatever the configuration: used only for the ERROR that tells a
     * plain peer about a security mismatch, which it could not read if it were signed.
     */
    public byte[] encodeUnsigned(ErrorReply message) {
        return encode(message, false);
    }

    /**
     * The answer to {@code request}, authenticated as the request was (docs/protocol.md, "Version 2"): an ENROLL's
     * answer with the token's key, an identity-signed request's with this side's identity, a shared-key request's with
     * the shared key, a plain request's not at all. A receiver that accepts both the shared key and identities (an
     * estate moving to enrollment) thereby answers every agent in the form that agent can check.
     */
    public byte[] encodeReply(Frame request, Message reply) {
        if (request.enrollmentKey() != null) {
            return encode(reply, SecurityContext.hmacKey(request.enrollmentKey()), null);
        }
        if (request.signer() != 0 && security.self() != null) {
            return encode(reply, null, security.self());
        }
        if (request.signed() && security.hasSharedKey()) {
            return encode(reply, security.sharedKey(), null);
        }
        return encode(reply, request.signed());
    }

    private byte[] encode(Message message, boolean signed) {
        SigningIdentity identity = signed ? security.self() : null;
        return encode(message, signed && identity == null ? security.sharedKey() : null, identity);
    }

    /** {@code message} signed with the HMAC {@code hmacKey}, or as {@code identity}, or (both null) not at all. */
    private byte[] encode(Message message, javax.crypto.spec.SecretKeySpec hmacKey, SigningIdentity identity) {
        boolean hmac = hmacKey != null;
        int version = Math.max(identity != null ? VERSION_IDENTITY : VERSION, Math.max(message.type().sinceVersion(), message.minVersion()));
        Endorsement endorsement = identity == null ? null : identity.endorsement();
        int flags = identity != null ? FLAG_IDENTITY | (endorsement != null ? FLAG_ENDORSED : 0) : hmac ? FLAG_SIGNED : 0;
        PayloadWriter out = new PayloadWriter(128);
        out.u16(MAGIC).u8(version).u8(message.type().code()).u8(flags).u8(0)
                .i64(security.now()).i64(security.nextNonce()).i32(0);
        message.write(out);
        int payloadLength = out.length() - HEADER_LENGTH;
        int total = out.length() + (hmac ? SecurityContext.MAC_LENGTH : 0) + (identity != null ? IDENTITY_TRAILER : 0)
                + (endorsement != null ? Endorsement.LENGTH : 0);
        if (total > MAX_FRAME_SIZE) {
            throw new IllegalArgumentException(message.type() + " needs " + total + " bytes, more than the "
                    + MAX_FRAME_SIZE + "-byte frame limit; split it");
        }
        byte[] frame = java.util.Arrays.copyOf(out.array(), total);
        frame[22] = (byte) (payloadLength >>> 24);
        frame[23] = (byte) (payloadLength >>> 16);
        frame[24] = (byte) (payloadLength >>> 8);
        frame[25] = (byte) payloadLength;
        if (hmac) {
            if (hmacKey == security.sharedKey()) {
                security.sign(frame, HEADER_LENGTH + payloadLength);
            } else {
                SecurityContext.sign(hmacKey, frame, HEADER_LENGTH + payloadLength);
            }
        } else if (identity != null) {
            int at = HEADER_LENGTH + payloadLength;
            if (endorsement != null) {
                endorsement.write(frame, at);
                at += Endorsement.LENGTH;
            }
            for (int i = 0; i < 8; i++) {
                frame[at + i] = (byte) (identity.signer() >>> (56 - 8 * i));
            }
            byte[] signature = Ed25519.sign(identity.key(), frame, 0, at + 8);
            System.arraycopy(signature, 0, frame, at + 8, Ed25519.SIGNATURE_LENGTH);
        }
        return frame;
    }

    public void write(OutputStream out, Message message) throws IOException {
        out.write(encode(message));
        out.flush();
    }

    /** Decodes exactly one frame occupying {@code data[offset, offset+length)}, e.g. a UDP datagram. */
    public Frame decode(byte[] data, int offset, int length) throws ProtocolException {
        if (length < HEADER_LENGTH) {
            throw new ProtocolException(ErrorCode.TRUNCATED, length + " bytes, shorter than the frame header");
        }
        Header header = Header.parse(data, offset);
        int total = header.totalLength();
        if (length < total) {
            throw new ProtocolException(ErrorCode.TRUNCATED, "frame declares " + total + " bytes, only " + length
                    + " present");
        }
        if (length > total) {
            throw new ProtocolException(ErrorCode.MALFORMED, (length - total) + " bytes after the end of the frame");
        }
        return finish(data, offset, header);
    }

    public Frame decode(byte[] frame) throws ProtocolException {
        return decode(frame, 0, frame.length);
    }

    /**
     * Reads the next frame from a stream (blocking, subject to the socket's read timeout).
     *
     * @return the frame, or null when the stream ended cleanly between frames
     */
    public Frame read(InputStream in) throws IOException {
        byte[] head = new byte[HEADER_LENGTH];
        int got = in.readNBytes(head, 0, 2);
        if (got == 0) {
            return null;
        }
        // Refuse a stranger (an HTTP client, a port scanner) at once instead of waiting for a whole header.
        if (got == 2 && ((head[0] & 0xFF) << 8 | head[1] & 0xFF) != MAGIC) {
            Header.parse(head, 0);
        }
        got += in.readNBytes(head, got, HEADER_LENGTH - got);
        if (got < HEADER_LENGTH) {
            throw new ProtocolException(ErrorCode.TRUNCATED, "stream ended after " + got + " header bytes");
        }
        Header header = Header.parse(head, 0);
        byte[] frame = new byte[header.totalLength()];
        System.arraycopy(head, 0, frame, 0, HEADER_LENGTH);
        int rest = frame.length - HEADER_LENGTH;
        if (in.readNBytes(frame, HEADER_LENGTH, rest) < rest) {
            throw new ProtocolException(ErrorCode.TRUNCATED, "stream ended inside a " + frame.length + "-byte frame");
        }
        return finish(frame, 0, header);
    }

    /**
     * For a reader that collects a frame's bytes as they arrive: the whole frame's length once its header is in
     * {@code head[0, available)}, or -1 while fewer than {@link #HEADER_LENGTH} bytes are there. Refuses a wrong
     * magic as soon as two bytes are there, and a bad header (version, type, flags, size) once it is complete.
     */
    static int frameLength(byte[] head, int available) throws ProtocolException {
        if (available >= 2 && ((head[0] & 0xFF) << 8 | head[1] & 0xFF) != MAGIC) {
            Header.parse(head, 0);
        }
        return available < HEADER_LENGTH ? -1 : Header.parse(head, 0).totalLength();
    }

    /** The message type of a frame whose header {@link #frameLength} accepted (null for an unknown code). */
    static MessageType typeOf(byte[] frame) {
        return MessageType.fromCode(frame[3] & 0xFF);
    }

    private Frame finish(byte[] data, int offset, Header header) throws ProtocolException {
        int signedLength = HEADER_LENGTH + header.payloadLength;
        long signer = 0;
        if (header.identity) {
            int trailer = signedLength + (header.endorsed ? Endorsement.LENGTH : 0);
            signer = Header.readLong(data, offset + trailer);
            Endorsement endorsement = header.endorsed ? Endorsement.read(data, offset + signedLength, signer) : null;
            security.verifyIdentity(data, offset, trailer + 8, signer, endorsement, header.timestamp, header.nonce);
        } else if (header.type != MessageType.ENROLL) {
            security.verify(data, offset, signedLength, header.signed, header.type, header.timestamp, header.nonce);
        }
        PayloadReader in = new PayloadReader(data, offset + HEADER_LENGTH, header.payloadLength, header.version);
        Message message;
        try {
            message = header.type.read(in);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, header.type + ": " + e.getMessage());
        }
        in.expectEnd(header.type.toString());
        byte[] enrollmentKey = null;
        if (header.type == MessageType.ENROLL && !header.identity) {
            // signed with the key of the token the payload names: read first, checked before anything uses it
            enrollmentKey = security.verifyEnrollment(data, offset, signedLength, header.signed, ((Enroll) message).tokenId(),
                    header.timestamp, header.nonce);
        }
        return new Frame(header.version, header.timestamp, header.nonce, header.signed || header.identity, message, signer,
                enrollmentKey);
    }

    /** The fixed header, checked field by field in the order a receiver can trust them. */
    private static final class Header {
        int version;
        MessageType type;
        boolean signed;
        boolean identity;
        boolean endorsed;
        long timestamp;
        long nonce;
        int payloadLength;

        static Header parse(byte[] b, int at) throws ProtocolException {
            int magic = (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
            if (magic != MAGIC) {
                throw new ProtocolException(ErrorCode.BAD_MAGIC,
                        String.format("frame starts with 0x%04x, not 0x%04x (\"RV\")", magic, MAGIC));
            }
            Header h = new Header();
            h.version = b[at + 2] & 0xFF;
            if (h.version < MIN_SUPPORTED_VERSION || h.version > MAX_SUPPORTED_VERSION) {
                throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "protocol version " + h.version
                        + "; this side speaks " + MIN_SUPPORTED_VERSION + "-" + MAX_SUPPORTED_VERSION);
            }
            int typeCode = b[at + 3] & 0xFF;
            h.type = MessageType.fromCode(typeCode);
            if (h.type == null) {
                throw new ProtocolException(ErrorCode.UNKNOWN_TYPE,
                        String.format("message type 0x%02x is not defined in version %d", typeCode, h.version));
            }
            if (h.type.sinceVersion() > h.version) {
                throw new ProtocolException(ErrorCode.UNKNOWN_TYPE,
                        String.format("message type 0x%02x is not defined in version %d", typeCode, h.version));
            }
            int flags = b[at + 4] & 0xFF;
            int allowed = h.version >= VERSION_IDENTITY ? FLAG_SIGNED | FLAG_IDENTITY | FLAG_ENDORSED : FLAG_SIGNED;
            if ((flags & ~allowed) != 0 || b[at + 5] != 0) {
                throw new ProtocolException(ErrorCode.MALFORMED, "reserved header bits are set");
            }
            h.signed = (flags & FLAG_SIGNED) != 0;
            h.identity = (flags & FLAG_IDENTITY) != 0;
            if (h.signed && h.identity) {
                throw new ProtocolException(ErrorCode.MALFORMED, "a frame is signed with the shared key or an identity, not both");
            }
            h.endorsed = (flags & FLAG_ENDORSED) != 0;
            if (h.endorsed && !h.identity) {
                throw new ProtocolException(ErrorCode.MALFORMED, "only an identity-signed frame carries an endorsement");
            }
            h.timestamp = readLong(b, at + 6);
            h.nonce = readLong(b, at + 14);
            long length = readLong(b, at + 18) & 0xFFFF_FFFFL;
            long total = HEADER_LENGTH + length + (h.signed ? SecurityContext.MAC_LENGTH : 0) + (h.identity ? IDENTITY_TRAILER : 0)
                    + (h.endorsed ? Endorsement.LENGTH : 0);
            if (total > MAX_FRAME_SIZE) {
                throw new ProtocolException(ErrorCode.OVERSIZED,
                        "frame declares " + total + " bytes; the limit is " + MAX_FRAME_SIZE);
            }
            h.payloadLength = (int) length;
            return h;
        }

        int totalLength() {
            return HEADER_LENGTH + payloadLength + (signed ? SecurityContext.MAC_LENGTH : 0) + (identity ? IDENTITY_TRAILER : 0)
                    + (endorsed ? Endorsement.LENGTH : 0);
        }

        static long readLong(byte[] b, int at) {
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = value << 8 | b[at + i] & 0xFF;
            }
            return value;
        }
    }
}
