package org.reveille.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Feeds over a million random and mutated frames to the decoder, plain and secure, through both the datagram
 * and the stream entry points. Every input must end in a decoded frame or a {@link ProtocolException}: any other
 * exception, a hang or unbounded memory fails the test.
 */
class RandomizedDecoderTest {

    private static final int FRAMES = 1_050_000;
    private static final long SEED = 0x5EED_2026L;

    @Test
    void decoderSurvivesAMillionHostileFrames() {
        Map<ErrorCode, Integer> rejections = assertTimeoutPreemptively(Duration.ofSeconds(90), this::fuzz);
        int total = rejections.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("RandomizedDecoderTest: " + total + " inputs, outcomes " + rejections);
        assertTrue(total >= 1_000_000, "fed " + total);
        // The corpus must actually reach the deep checks, not stop at the magic bytes.
        for (ErrorCode code : List.of(ErrorCode.TRUNCATED, ErrorCode.OVERSIZED, ErrorCode.BAD_MAGIC,
                ErrorCode.UNSUPPORTED_VERSION, ErrorCode.UNKNOWN_TYPE, ErrorCode.MALFORMED, ErrorCode.BAD_SIGNATURE,
                ErrorCode.REPLAYED, ErrorCode.SECURITY_REQUIRED, ErrorCode.SECURITY_NOT_CONFIGURED)) {
            assertTrue(rejections.getOrDefault(code, 0) > 0, "no input was rejected with " + code);
        }
        assertTrue(rejections.getOrDefault(null, 0) > 0, "no mutated input decoded at all");
    }

    private Map<ErrorCode, Integer> fuzz() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        SecurityContext plainSecurity = SecurityContext.plain();
        SecurityContext secureSecurity = SecurityContext.withKey(FrameCodecTest.KEY, Clock.systemUTC(),
                Duration.ofSeconds(60), 4096);
        FrameCodec plain = new FrameCodec(plainSecurity);
        FrameCodec secure = new FrameCodec(secureSecurity);
        List<Message> samples = SampleMessages.all();
        byte[][] plainFrames = samples.stream().map(plain::encode).toArray(byte[][]::new);
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(FrameCodecTest.KEY, "HmacSHA256"));

        Map<ErrorCode, Integer> outcomes = new EnumMap<>(ErrorCode.class);
        int decoded = 0;
        Runtime runtime = Runtime.getRuntime();
        long heapCeiling = 0;
        byte[] lastAcceptedBySecure = null;
        for (int i = 0; i < FRAMES; i++) {
            boolean useSecure = random.nextInt(3) == 0;
            FrameCodec codec = useSecure ? secure : plain;
            byte[] input;
            switch (random.nextInt(7)) {
                case 0:
                    input = new byte[random.nextInt(120)];
                    fill(random, input);
                    break;
                case 1:
                    input = randomHeaderThenGarbage(random);
                    break;
                case 2:
                    input = mutate(random, plainFrames[random.nextInt(plainFrames.length)]);
                    break;
                case 3:
                    input = mutate(random, secure.encode(samples.get(random.nextInt(samples.size()))));
                    break;
                case 4:
                    // Mutated and then correctly re-signed, so secure decoding reaches the payload parser.
                    input = resign(hmac, mutatePayload(random, secure.encode(samples.get(random.nextInt(samples.size())))));
                    codec = secure;
                    break;
                case 5:
                    // A captured frame sent again.
                    input = lastAcceptedBySecure != null ? lastAcceptedBySecure : plainFrames[0];
                    codec = lastAcceptedBySecure != null ? secure : plain;
                    break;
                default:
                    input = plainFrames[random.nextInt(plainFrames.length)];
                    break;
            }
            ErrorCode outcome = decodeOnce(codec, input, random.nextBoolean());
            if (outcome == null) {
                decoded++;
                if (codec == secure) {
                    lastAcceptedBySecure = input;
                }
            } else {
                outcomes.merge(outcome, 1, Integer::sum);
            }
            if ((i & 0x3FFFF) == 0) {
                heapCeiling = Math.max(heapCeiling, runtime.totalMemory() - runtime.freeMemory());
            }
        }
        assertTrue(secureSecurity.rememberedNonces() <= 4096, "nonce memory is bounded");
        assertTrue(heapCeiling < 512L * 1024 * 1024, "heap stayed under 512 MiB: " + heapCeiling);
        Map<ErrorCode, Integer> all = new java.util.HashMap<>(outcomes);
        all.put(null, decoded);
        assertEquals(FRAMES, all.values().stream().mapToInt(Integer::intValue).sum());
        return all;
    }

    /** Null when the input decoded; otherwise the rejection code. Anything else propagates and fails the test. */
    private static ErrorCode decodeOnce(FrameCodec codec, byte[] input, boolean asStream) {
        try {
            if (asStream) {
                codec.read(new ByteArrayInputStream(input));
            } else {
                codec.decode(input, 0, input.length);
            }
            return null;
        } catch (ProtocolException e) {
            return e.code();
        } catch (IOException e) {
            throw new AssertionError("stream decoding threw a non-protocol IOException", e);
        }
    }

    private static void fill(SplittableRandom random, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
    }

    /** A plausible header (right magic, often the right version and a real type) over random payload. */
    private static byte[] randomHeaderThenGarbage(SplittableRandom random) {
        int payload = random.nextInt(80);
        byte[] frame = new byte[FrameCodec.HEADER_LENGTH + payload + (random.nextBoolean() ? 32 : 0)];
        fill(random, frame);
        frame[0] = 'R';
        frame[1] = 'V';
        frame[2] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 1);
        MessageType[] types = MessageType.values();
        frame[3] = (byte) (random.nextInt(5) == 0 ? random.nextInt(256) : types[random.nextInt(types.length)].code());
        frame[4] = (byte) (random.nextInt(5) == 0 ? random.nextInt(256) : 0);
        frame[5] = 0;
        int declared = random.nextInt(8) == 0 ? random.nextInt() : payload;
        frame[22] = (byte) (declared >>> 24);
        frame[23] = (byte) (declared >>> 16);
        frame[24] = (byte) (declared >>> 8);
        frame[25] = (byte) declared;
        return frame;
    }

    private static byte[] mutate(SplittableRandom random, byte[] original) {
        byte[] frame = original.clone();
        switch (random.nextInt(4)) {
            case 0: // flip bits
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    frame[random.nextInt(frame.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return frame;
            case 1: // truncate
                return java.util.Arrays.copyOf(frame, random.nextInt(frame.length));
            case 2: // extend with garbage
                byte[] longer = java.util.Arrays.copyOf(frame, frame.length + 1 + random.nextInt(40));
                for (int i = frame.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                return longer;
            default: // overwrite a random run
                int at = random.nextInt(frame.length);
                for (int i = at; i < Math.min(frame.length, at + 1 + random.nextInt(8)); i++) {
                    frame[i] = (byte) random.nextInt(256);
                }
                return frame;
        }
    }

    /** Changes payload bytes, and sometimes the length and nonce, of a signed frame; the HMAC is redone later. */
    private static byte[] mutatePayload(SplittableRandom random, byte[] signed) {
        int payloadEnd = signed.length - 32;
        byte[] frame = signed.clone();
        if (payloadEnd > FrameCodec.HEADER_LENGTH) {
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                int at = FrameCodec.HEADER_LENGTH + random.nextInt(payloadEnd - FrameCodec.HEADER_LENGTH);
                frame[at] = (byte) random.nextInt(256);
            }
        }
        if (random.nextInt(4) != 0) {
            for (int i = 14; i < 22; i++) {
                frame[i] = (byte) random.nextInt(256);
            }
        }
        return frame;
    }

    private static byte[] resign(Mac hmac, byte[] frame) {
        hmac.update(frame, 0, frame.length - 32);
        byte[] mac = hmac.doFinal();
        System.arraycopy(mac, 0, frame, frame.length - 32, 32);
        return frame;
    }
}
