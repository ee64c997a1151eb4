package org.reveille.agent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.reveille.protocol.Enroll;

/**
 * An enrollment token as the server showed it to an administrator, {@code <tokenId>.<secret>} (docs/security.md,
 * "Agent identity"; docs/protocol.md, "The agent program"): the id is the text before the first '.', the secret the
 * rest. The secret itself never travels: the ENROLL frame is signed with {@link #hmacKey()}, SHA-256 of it, which is
 * all the server keeps. {@link #toString()} leaves the secret out, so that a log line cannot leak it.
 */
public record EnrollmentSecret(String tokenId, String secret) {

    public EnrollmentSecret {
        check(tokenId, "token id");
        check(secret, "secret");
        if (tokenId.contains(".")) {
            throw new IllegalArgumentException("the token id ends at the first '.'");
        }
        if (tokenId.length() > Enroll.TOKEN_ID_MAX_BYTES) {
            throw new IllegalArgumentException("the token id is longer than " + Enroll.TOKEN_ID_MAX_BYTES + " characters");
        }
    }

    /**
     * The token an administrator copied, e.g. {@code 7Jk2pQ.Xq3v...}: IllegalArgumentException with what is wrong
     * (the message never repeats the text, which holds the secret).
     */
    public static EnrollmentSecret parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("an enrollment token is <id>.<secret>, as the server showed it; got nothing");
        }
        int dot = text.indexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("an enrollment token is <id>.<secret>, as the server showed it; this one has no '.'");
        }
        try {
            return new EnrollmentSecret(text.substring(0, dot), text.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("an enrollment token is <id>.<secret>, as the server showed it: " + e.getMessage());
        }
    }

    private static void check(String part, String what) {
        if (part == null || part.isEmpty()) {
            throw new IllegalArgumentException("the " + what + " is empty");
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c <= ' ' || c >= 0x7F) {
                throw new IllegalArgumentException("the " + what + " holds " + (Character.isWhitespace(c) ? "white space"
                        : "a character that is not printable ASCII") + " (at " + (i + 1) + ")");
            }
        }
    }

    /** The HMAC key of the ENROLL frame and of the server's answer: SHA-256 of the secret's UTF-8 bytes. */
    public byte[] hmacKey() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "EnrollmentSecret[" + tokenId + ".(secret)]";
    }
}
