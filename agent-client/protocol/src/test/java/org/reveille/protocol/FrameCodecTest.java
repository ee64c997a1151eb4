package org.reveille.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.wol.SecureOnPassword;

class FrameCodecTest {

    static final byte[] KEY = "0123456789abcdef-reveille-test-key".getBytes(StandardCharsets.UTF_8);

    private final FrameCodec plain = new FrameCodec(SecurityContext.plain());

    private static FrameCodec secure() {
        return new FrameCodec(SecurityContext.withKey(KEY));
    }

    static List<Message> samples() {
        return SampleMessages.all();
    }

    @Test
    void samplesCoverEveryMessageType() {
        Set<MessageType> covered = samples().stream().map(Message::type).collect(Collectors.toSet());
        SampleMessages.version2().forEach(m -> covered.add(m.type()));
        assertEquals(EnumSet.allOf(MessageType.class), covered);
    }

    @Test
    void versionTwoMessagesRoundTripWithTheirTokensKey() throws IOException {
        FrameCodec token = new FrameCodec(SecurityContext.withKey(KEY).acceptingEnrollment(tokenId -> KEY));
        for (Message message : SampleMessages.version2()) {
            Frame decoded = token.decode(token.encode(message));
            assertEquals(message, decoded.message());
            assertEquals(FrameCodec.VERSION_IDENTITY, decoded.version());
            assertTrue(decoded.signed());
        }
    }

    /** Version 3 (paired subnets): written only when used, plain, shared-key or identity-signed alike. */
    @Test
    void versionThreeFieldsRoundTripAndAreWrittenOnlyWhenUsed() throws IOException {
        for (Message message : SampleMessages.version3()) {
            for (FrameCodec codec : List.of(plain, secure())) {
                Frame decoded = codec.decode(codec.encode(message));
                assertEquals(message, decoded.message());
                assertEquals(FrameCodec.VERSION_WAKE_PATHS, decoded.version());
            }
        }
        // without pairs, a batch and its result are the version-1 frames an older agent or server reads
        WakeBatch unpaired = new WakeBatch("job-43", 0, 2, List.of(BatchTarget.of(SampleMessages.MAC)), List.of());
        assertEquals(1, plain.decode(plain.encode(unpaired)).version());
        assertEquals(1, plain.decode(plain.encode(new WakeResult("job-43", "PC", List.of(TargetResult.sent(SampleMessages.MAC, 2, 0))))).version());
    }

    @Test
    void versionThreeFieldsAreChecked() {
        WakeBatch paired = (WakeBatch) SampleMessages.version3().get(0);
        // a version-3 batch read as version 2 leaves bytes over: an older reader cannot mistake it for a plain batch
        byte[] asTwo = plain.encode(paired);
        asTwo[2] = 2;
        assertEquals(ErrorCode.MALFORMED, rejectionOf(plain, asTwo));
        // a version-3 batch without its appended count ends early
        byte[] cut = plain.encode(new WakeBatch("j", 0, 0, List.of(BatchTarget.of(SampleMessages.MAC))));
        cut[2] = 3;
        assertEquals(ErrorCode.MALFORMED, rejectionOf(plain, cut));
        // more than 8 pairs
        byte[] tooMany = plain.encode(paired);
        tooMany[FrameCodec.HEADER_LENGTH + payloadLength(tooMany) - 9] = 9;
        ProtocolException many = assertThrows(ProtocolException.class, () -> plain.decode(tooMany));
        assertTrue(many.getMessage().contains("expected 0-8"), many.getMessage());
        // the same pair twice
        byte[] twice = plain.encode(paired);
        System.arraycopy(twice, FrameCodec.HEADER_LENGTH + payloadLength(twice) - 8, twice, FrameCodec.HEADER_LENGTH + payloadLength(twice) - 4, 4);
        assertEquals(ErrorCode.MALFORMED, rejectionOf(plain, twice));
        // a paired bit on a failed target
        byte[] result = plain.encode(SampleMessages.version3().get(1));
        result[FrameCodec.HEADER_LENGTH + payloadLength(result) - 1] = 1;
        ProtocolException failedBit = assertThrows(ProtocolException.class, () -> plain.decode(result));
        assertTrue(failedBit.getMessage().contains("result 3"), failedBit.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WakeBatch("j", 0, 0, List.of(BatchTarget.of(SampleMessages.MAC)),
                java.util.stream.IntStream.range(0, 9).mapToObj(i -> Ipv4Address.parse("127.88." + i + ".255")).toList()));
        assertThrows(IllegalArgumentException.class, () -> TargetResult.sent(SampleMessages.MAC, 1, 256));
        // a paired bit beyond the batch's pairs, written or read
        assertThrows(IllegalArgumentException.class, () -> new WakeResult("j", "PC", List.of(TargetResult.sent(SampleMessages.MAC, 1, 0b100)), 2));
        assertThrows(IllegalArgumentException.class, () -> new WakeResult("j", "PC", List.of(TargetResult.sent(SampleMessages.MAC, 1, 0)), 9));
        byte[] beyond = plain.encode(new WakeResult("j", "PC", List.of(TargetResult.sent(SampleMessages.MAC, 1, 0b1)), 1));
        beyond[FrameCodec.HEADER_LENGTH + payloadLength(beyond) - 1] = 0b10;
        ProtocolException beyondBit = assertThrows(ProtocolException.class, () -> plain.decode(beyond));
        assertTrue(beyondBit.getMessage().contains("beyond the batch's 1"), beyondBit.getMessage());
        byte[] countTooHigh = plain.encode(new WakeResult("j", "PC", List.of(TargetResult.sent(SampleMessages.MAC, 1, 0b1)), 1));
        countTooHigh[FrameCodec.HEADER_LENGTH + payloadLength(countTooHigh) - 2] = 9;
        ProtocolException highCount = assertThrows(ProtocolException.class, () -> plain.decode(countTooHigh));
        assertTrue(highCount.getMessage().contains("pairedCount is 9"), highCount.getMessage());
    }

    /** Version 4 (IPv6 links): written only when used; an older reader refuses it rather than misreading it. */
    @Test
    void versionFourFieldsRoundTripAndAreWrittenOnlyWhenUsed() throws IOException {
        for (Message message : SampleMessages.version4()) {
            for (FrameCodec codec : List.of(plain, secure())) {
                Frame decoded = codec.decode(codec.encode(message));
                assertEquals(message, decoded.message());
                assertEquals(FrameCodec.VERSION_IPV6, decoded.version());
            }
        }
        Registration withPrefixes = (Registration) SampleMessages.version4().get(0);
        Registration without = new Registration(withPrefixes.machineName(), withPrefixes.addresses(), withPrefixes.mask(),
                withPrefixes.mac(), withPrefixes.listenPort(), withPrefixes.previousRole(), withPrefixes.requestedRole(), 4, false);
        assertEquals(1, plain.decode(plain.encode(without)).version());
        byte[] asThree = plain.encode(withPrefixes);
        asThree[2] = 3;   // read as version 3, the prefixes are bytes over
        assertEquals(ErrorCode.MALFORMED, rejectionOf(plain, asThree));
    }

    @Test
    void versionFourFieldsAreChecked() {
        Registration registration = (Registration) SampleMessages.version4().get(0);
        int end = FrameCodec.HEADER_LENGTH;
        // host bits set in a prefix: its last address byte
        byte[] hostBits = plain.encode(registration);
        hostBits[end + payloadLength(hostBits) - 2] = 1;
        ProtocolException host = assertThrows(ProtocolException.class, () -> plain.decode(hostBits));
        assertTrue(host.getMessage().contains("host bits"), host.getMessage());
        // a prefix length of 0 or over 128
        byte[] zero = plain.encode(registration);
        zero[end + payloadLength(zero) - 1] = 0;
        assertEquals(ErrorCode.MALFORMED, rejectionOf(plain, zero));
        byte[] long129 = plain.encode(registration);
        long129[end + payloadLength(long129) - 1] = (byte) 129;
        assertEquals(ErrorCode.MALFORMED, rejectionOf(plain, long129));
        // more than 8 prefixes
        byte[] many = plain.encode(registration);
        many[end + payloadLength(many) - 35] = 9;
        ProtocolException tooMany = assertThrows(ProtocolException.class, () -> plain.decode(many));
        assertTrue(tooMany.getMessage().contains("expected 0-8"), tooMany.getMessage());
        // a link-local prefix is not a link's address space the server can place machines in
        assertThrows(IllegalArgumentException.class, () -> new Registration("PC", registration.addresses(), registration.mask(),
                registration.mac(), 1776, WireRole.MEMBER, WireRole.MEMBER, 4, false, List.of(org.reveille.net.Ipv6Prefix.parse("fe80::/64"))));
        assertThrows(IllegalArgumentException.class, () -> new Registration("PC", registration.addresses(), registration.mask(),
                registration.mac(), 1776, WireRole.MEMBER, WireRole.MEMBER, 4, false,
                List.of(org.reveille.net.Ipv6Prefix.parse("fd00::/64"), org.reveille.net.Ipv6Prefix.parse("fd00::/64"))));
        // the link byte of a batch is 0 or 1; a result's linkSent is 0 or 1, and 1 only for a sent target
        byte[] batch = plain.encode(SampleMessages.version4().get(1));
        batch[end + payloadLength(batch) - 1] = 2;
        assertEquals(ErrorCode.MALFORMED, rejectionOf(plain, batch));
        byte[] result = plain.encode(SampleMessages.version4().get(3));
        result[end + payloadLength(result) - 1] = 1;   // the failed third target
        ProtocolException failedLink = assertThrows(ProtocolException.class, () -> plain.decode(result));
        assertTrue(failedLink.getMessage().contains("result 3"), failedLink.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WakeResult("j", "PC",
                List.of(TargetResult.sent(SampleMessages.MAC, 1, 0, true)), 0, false));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void roundTripsPlain(Message message) throws IOException {
        byte[] frame = plain.encode(message);
        Frame decoded = plain.decode(frame);
        assertEquals(message, decoded.message());
        assertFalse(decoded.signed());
        assertEquals(1, decoded.version());
        assertEquals(message, plain.read(new ByteArrayInputStream(frame)).message());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void roundTripsSigned(Message message) throws IOException {
        byte[] frame = secure().encode(message);
        assertEquals(FrameCodec.HEADER_LENGTH + payloadLength(frame) + 32, frame.length);
        Frame decoded = secure().decode(frame);
        assertEquals(message, decoded.message());
        assertTrue(decoded.signed());
    }

    @Test
    void headerLayoutIsAsDocumented() throws ProtocolException {
        Clock fixed = Clock.fixed(Instant.ofEpochMilli(0x0102030405060708L), ZoneOffset.UTC);
        FrameCodec codec = new FrameCodec(SecurityContext.withKey(KEY, fixed, Duration.ofSeconds(60), 10));
        byte[] frame = codec.encode(new StatusRequest());
        assertEquals(FrameCodec.HEADER_LENGTH + 32, frame.length);
        assertArrayEquals(new byte[] {'R', 'V', 1, 0x03, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8},
                Arrays.copyOfRange(frame, 0, 14));
        assertArrayEquals(new byte[] {0, 0, 0, 0}, Arrays.copyOfRange(frame, 22, 26));
        assertEquals(new StatusRequest(), codec.decode(frame).message());
    }

    @Test
    void streamReadReturnsNullAtACleanEndAndReadsConsecutiveFrames() throws IOException {
        byte[] one = plain.encode(new StatusRequest());
        byte[] two = plain.encode(Ack.of("ok"));
        byte[] both = Arrays.copyOf(one, one.length + two.length);
        System.arraycopy(two, 0, both, one.length, two.length);
        ByteArrayInputStream in = new ByteArrayInputStream(both);
        assertEquals(new StatusRequest(), plain.read(in).message());
        assertEquals(Ack.of("ok"), plain.read(in).message());
        assertNull(plain.read(in));
    }

    @Test
    void largestBatchAndResultFitInOneFrame() throws ProtocolException {
        List<BatchTarget> targets = new ArrayList<>();
        for (int i = 0; i < WakeBatch.MAX_TARGETS; i++) {
            targets.add(new BatchTarget(MacAddress.fromLong(0x020000000000L + i + 1), SecureOnPassword.parse("01:02:03:04:05:06"),
                    Ipv4Address.parse("127.20.5.1")));
        }
        WakeBatch batch = new WakeBatch("j".repeat(255), 9, 16, targets);
        assertEquals(batch, secure().decode(secure().encode(batch)).message());
        List<TargetResult> results = new ArrayList<>();
        for (int i = 0; i < WakeResult.MAX_RESULTS; i++) {
            results.add(TargetResult.failed(MacAddress.fromLong(0x020000000000L + i + 1), "x".repeat(500)));
        }
        WakeResult result = new WakeResult("j".repeat(255), "n".repeat(255), results);
        assertEquals(result, secure().decode(secure().encode(result)).message());
        assertEquals(128, result.results().get(0).reason().length());
    }

    @Test
    void manyTargetsAreSplitIntoBatchesThatEachFitAFrame() throws ProtocolException {
        List<BatchTarget> targets = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            targets.add(BatchTarget.of(MacAddress.fromLong(0x020000000000L + i + 1)));
        }
        List<WakeBatch> batches = WakeBatch.inBatches("big-job", 0, 0, targets);
        assertEquals(List.of(2048, 2048, 904), batches.stream().map(b -> b.targets().size()).collect(Collectors.toList()));
        assertEquals(targets.get(4999), batches.get(2).targets().get(903));
        for (WakeBatch batch : batches) {
            assertEquals(batch, secure().decode(secure().encode(batch)).message());
        }
    }

    // ---- rejections, each with its own error code ----

    private static ErrorCode rejectionOf(FrameCodec codec, byte[] frame) {
        return assertThrows(ProtocolException.class, () -> codec.decode(frame)).code();
    }

    private static int payloadLength(byte[] frame) {
        return (frame[22] & 0xFF) << 24 | (frame[23] & 0xFF) << 16 | (frame[24] & 0xFF) << 8 | frame[25] & 0xFF;
    }

    private static void setPayloadLength(byte[] frame, int length) {
        frame[22] = (byte) (length >>> 24);
        frame[23] = (byte) (length >>> 16);
        frame[24] = (byte) (length >>> 8);
        frame[25] = (byte) length;
    }

    @Test
    void rejectsTruncatedFramesInDatagramsAndStreams() {
        byte[] frame = plain.encode(new Unregister("bye"));
        assertEquals(ErrorCode.TRUNCATED, rejectionOf(plain, Arrays.copyOf(frame, 10)));
        assertEquals(ErrorCode.TRUNCATED, rejectionOf(plain, Arrays.copyOf(frame, frame.length - 1)));
        assertEquals(ErrorCode.TRUNCATED, assertThrows(ProtocolException.class,
                () -> plain.read(new ByteArrayInputStream(Arrays.copyOf(frame, 20)))).code());
        assertEquals(ErrorCode.TRUNCATED, assertThrows(ProtocolException.class,
                () -> plain.read(new ByteArrayInputStream(Arrays.copyOf(frame, frame.length - 2)))).code());
        byte[] signed = secure().encode(new Unregister("bye"));
        assertEquals(ErrorCode.TRUNCATED, rejectionOf(secure(), Arrays.copyOf(signed, signed.length - 1)));
    }

    @Test
    void rejectsOversizedFramesBeforeReadingThem() {
        byte[] frame = plain.encode(new StatusRequest());
        setPayloadLength(frame, FrameCodec.MAX_FRAME_SIZE);
        assertEquals(ErrorCode.OVERSIZED, rejectionOf(plain, frame));
        setPayloadLength(frame, -1);
        assertEquals(ErrorCode.OVERSIZED, rejectionOf(plain, frame));
        // A stream that claims 2 GiB: refused from the header alone, nothing allocated or awaited.
        setPayloadLength(frame, Integer.MAX_VALUE);
        assertEquals(ErrorCode.OVERSIZED, assertThrows(ProtocolException.class,
                () -> plain.read(new ByteArrayInputStream(frame))).code());
        setPayloadLength(frame, FrameCodec.MAX_FRAME_SIZE - FrameCodec.HEADER_LENGTH + 1);
        assertEquals(ErrorCode.OVERSIZED, rejectionOf(plain, frame));
    }

    @Test
    void encoderRefusesAMessageOverTheLimit() {
        byte[] frameLimitCheck = plain.encode(new Ack(0, 0, "x".repeat(Message.TEXT_MAX_BYTES)));
        assertTrue(frameLimitCheck.length < FrameCodec.MAX_FRAME_SIZE);
        assertThrows(IllegalArgumentException.class, () -> new Ack(0, 0, "x".repeat(Message.TEXT_MAX_BYTES + 1)));
    }

    @Test
    void rejectsBadMagic() {
        byte[] frame = plain.encode(new StatusRequest());
        frame[0] = 'X';
        assertEquals(ErrorCode.BAD_MAGIC, rejectionOf(plain, frame));
        assertEquals(ErrorCode.BAD_MAGIC, rejectionOf(plain, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void rejectsUnsupportedVersions() {
        for (int version : new int[] {0, 5, 255}) {
            byte[] frame = plain.encode(new StatusRequest());
            frame[2] = (byte) version;
            ProtocolException e = assertThrows(ProtocolException.class, () -> plain.decode(frame));
            assertEquals(ErrorCode.UNSUPPORTED_VERSION, e.code());
            assertTrue(e.getMessage().contains("speaks 1-4"), e.getMessage());
        }
    }

    @Test
    void rejectsUnknownTypes() {
        for (int type : new int[] {0x00, 0x06, 0x10, 0x7E, 0xFF}) {
            byte[] frame = plain.encode(new StatusRequest());
            frame[3] = (byte) type;
            assertEquals(ErrorCode.UNKNOWN_TYPE, rejectionOf(plain, frame));
        }
    }

    @Test
    void rejectsMalformedHeadersAndPayloads() {
        byte[] reservedFlag = plain.encode(new StatusRequest());
        reservedFlag[4] = 0x02;
        assertEquals(ErrorCode.MALFORMED, rejectionOf(plain, reservedFlag));
        byte[] reservedByte = plain.encode(new StatusRequest());
        reservedByte[5] = 1;
        assertEquals(ErrorCode.MALFORMED, rejectionOf(plain, reservedByte));

        byte[] trailing = plain.encode(new StatusRequest());
        byte[] longer = Arrays.copyOf(trailing, trailing.length + 1);
        setPayloadLength(longer, 1);
        assertEquals(ErrorCode.MALFORMED, rejectionOf(plain, longer));
        assertEquals(ErrorCode.MALFORMED, rejectionOf(plain, Arrays.copyOf(trailing, trailing.length + 3)));

        byte[] badUtf8 = plain.encode(new Unregister("ab"));
        badUtf8[FrameCodec.HEADER_LENGTH + 2] = (byte) 0xC3;
        badUtf8[FrameCodec.HEADER_LENGTH + 3] = (byte) 0x28;
        assertEquals(ErrorCode.MALFORMED, rejectionOf(plain, badUtf8));

        byte[] badRole = plain.encode(new RoleChange(WireRole.PRIMARY, ""));
        badRole[FrameCodec.HEADER_LENGTH] = 9;
        assertEquals(ErrorCode.MALFORMED, rejectionOf(plain, badRole));

        byte[] zeroMac = plain.encode(new WakeBatch("j", 0, 0, List.of(BatchTarget.of(SampleMessages.MAC))));
        int macAt = FrameCodec.HEADER_LENGTH + 2 + 1 + 2 + 1 + 2;
        Arrays.fill(zeroMac, macAt, macAt + 6, (byte) 0);
        ProtocolException zero = assertThrows(ProtocolException.class, () -> plain.decode(zeroMac));
        assertEquals(ErrorCode.MALFORMED, zero.code());
        assertTrue(zero.getMessage().contains("all-zero"), zero.getMessage());

        byte[] tooManyTargets = plain.encode(new WakeBatch("j", 0, 0, List.of(BatchTarget.of(SampleMessages.MAC))));
        tooManyTargets[FrameCodec.HEADER_LENGTH + 6] = (byte) 0xFF;
        assertEquals(ErrorCode.MALFORMED, rejectionOf(plain, tooManyTargets));

        byte[] repeatTooHigh = plain.encode(new WakeBatch("j", 0, 0, List.of(BatchTarget.of(SampleMessages.MAC))));
        repeatTooHigh[FrameCodec.HEADER_LENGTH + 5] = 17;
        assertEquals(ErrorCode.MALFORMED, rejectionOf(plain, repeatTooHigh));

        byte[] emptyBatch = plain.encode(new WakeBatch("j", 0, 0, List.of(BatchTarget.of(SampleMessages.MAC))));
        emptyBatch[FrameCodec.HEADER_LENGTH + 7] = 0;
        assertEquals(ErrorCode.MALFORMED, rejectionOf(plain, Arrays.copyOf(emptyBatch, emptyBatch.length)));
    }

    @Test
    void rejectsAModifiedOrForeignSignature() {
        byte[] frame = secure().encode(new WakeBatch("job", 0, 0, List.of(BatchTarget.of(SampleMessages.MAC))));
        byte[] tampered = frame.clone();
        tampered[FrameCodec.HEADER_LENGTH + 1] ^= 1;
        assertEquals(ErrorCode.BAD_SIGNATURE, rejectionOf(secure(), tampered));
        byte[] badMac = frame.clone();
        badMac[badMac.length - 1] ^= 1;
        assertEquals(ErrorCode.BAD_SIGNATURE, rejectionOf(secure(), badMac));
        FrameCodec otherKey = new FrameCodec(SecurityContext.withKey("another-key-of-16+bytes".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorCode.BAD_SIGNATURE, rejectionOf(secure(), otherKey.encode(new StatusRequest())));
    }

    @Test
    void rejectsStaleAndFutureTimestamps() throws ProtocolException {
        Instant now = Instant.parse("2026-11-22T03:00:00Z");
        FrameCodec receiver = new FrameCodec(SecurityContext.withKey(KEY, Clock.fixed(now, ZoneOffset.UTC),
                Duration.ofSeconds(60), 100));
        FrameCodec past = new FrameCodec(SecurityContext.withKey(KEY, Clock.fixed(now.minusSeconds(61), ZoneOffset.UTC),
                Duration.ofSeconds(60), 100));
        FrameCodec future = new FrameCodec(SecurityContext.withKey(KEY, Clock.fixed(now.plusSeconds(61), ZoneOffset.UTC),
                Duration.ofSeconds(60), 100));
        FrameCodec edge = new FrameCodec(SecurityContext.withKey(KEY, Clock.fixed(now.minusSeconds(60), ZoneOffset.UTC),
                Duration.ofSeconds(60), 100));
        assertEquals(ErrorCode.STALE_TIMESTAMP, rejectionOf(receiver, past.encode(new StatusRequest())));
        assertEquals(ErrorCode.STALE_TIMESTAMP, rejectionOf(receiver, future.encode(new StatusRequest())));
        assertEquals(new StatusRequest(), receiver.decode(edge.encode(new StatusRequest())).message());
    }

    @Test
    void rejectsAReplayedFrame() throws ProtocolException {
        FrameCodec receiver = secure();
        byte[] frame = secure().encode(new WakeBatch("job", 0, 0, List.of(BatchTarget.of(SampleMessages.MAC))));
        receiver.decode(frame);
        ProtocolException replay = assertThrows(ProtocolException.class, () -> receiver.decode(frame));
        assertEquals(ErrorCode.REPLAYED, replay.code());
        // A fresh frame with the same content is not a replay.
        receiver.decode(secure().encode(new WakeBatch("job", 0, 0, List.of(BatchTarget.of(SampleMessages.MAC)))));
    }

    @Test
    void boundedNonceMemoryRefusesWhatItCanNoLongerCheck() throws ProtocolException {
        Instant now = Instant.parse("2026-11-22T03:00:00Z");
        SecurityContext small = SecurityContext.withKey(KEY, Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(60), 3);
        FrameCodec receiver = new FrameCodec(small);
        FrameCodec older = new FrameCodec(SecurityContext.withKey(KEY, Clock.fixed(now.minusSeconds(5), ZoneOffset.UTC),
                Duration.ofSeconds(60), 3));
        byte[] oldFrame = older.encode(new StatusRequest());
        receiver.decode(oldFrame);
        for (int i = 0; i < 5; i++) {
            FrameCodec sender = new FrameCodec(SecurityContext.withKey(KEY,
                    Clock.fixed(now.plusMillis(i), ZoneOffset.UTC), Duration.ofSeconds(60), 3));
            receiver.decode(sender.encode(new StatusRequest()));
        }
        assertEquals(3, small.rememberedNonces());
        // The old frame's nonce was evicted, yet its replay is still refused.
        assertEquals(ErrorCode.REPLAYED, rejectionOf(receiver, oldFrame));
    }

    @Test
    void secureSideRefusesUnsignedFramesButReadsAnUnsignedError() throws ProtocolException {
        assertEquals(ErrorCode.SECURITY_REQUIRED, rejectionOf(secure(), plain.encode(new WakeBatch("job", 0, 0,
                List.of(BatchTarget.of(SampleMessages.MAC))))));
        ErrorReply error = new ErrorReply(ErrorCode.SECURITY_NOT_CONFIGURED, "no key here");
        assertEquals(error, secure().decode(plain.encode(error)).message());
        assertEquals(error, plain.decode(secure().encodeUnsigned(error)).message());
    }

    @Test
    void plainSideRefusesSignedFrames() {
        assertEquals(ErrorCode.SECURITY_NOT_CONFIGURED, rejectionOf(plain, secure().encode(new StatusRequest())));
    }

    @Test
    void everyErrorCodeRoundTripsByNumber() {
        for (ErrorCode code : ErrorCode.values()) {
            assertEquals(code, ErrorCode.fromCode(code.code()));
        }
        assertEquals(ErrorCode.INTERNAL, ErrorCode.fromCode(999));
    }

    @Test
    void keyFileNeedsSixteenBytesOnItsFirstLine() throws IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("reveille-key");
        java.nio.file.Path good = dir.resolve("good.key");
        java.nio.file.Files.writeString(good, "c2VjcmV0LXNoYXJlZC1rZXktZm9yLXRlc3Rz\nignored second line\n");
        assertTrue(SecurityContext.fromKeyFile(good).isSecure());
        java.nio.file.Path shortKey = dir.resolve("short.key");
        java.nio.file.Files.writeString(shortKey, "too-short\n");
        IOException e = assertThrows(IOException.class, () -> SecurityContext.fromKeyFile(shortKey));
        assertTrue(e.getMessage().contains("at least 16"), e.getMessage());
    }
}
