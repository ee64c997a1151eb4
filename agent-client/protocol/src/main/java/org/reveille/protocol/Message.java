package org.reveille.protocol;

/**
 * A protocol message: the payload of one frame. Each message knows its {@link MessageType} and how to write
 * its fields; reading is the job of {@link MessageType}. Messages are immutable records that validate their
 * fields on construction, so a decoded message is always a valid one.
 */
public sealed interface Message permits RegisterRequest, WakeBatch, StatusRequest, Unregister, RoleChange,
        Registration, Heartbeat, WakeResult, GoingDown, Enroll, Ack, AgentStatus, Enrolled, ErrorReply, PrimaryProbe, PrimaryAnswer {

    /** Longest machine name, job id or other identifier, in UTF-8 bytes. */
    int NAME_MAX_BYTES = 255;
    /** Longest free text (reasons, details), in UTF-8 bytes. */
    int TEXT_MAX_BYTES = 1024;

    MessageType type();

    /**
     * The lowest frame version that carries this message as it is: 1, or higher when it uses fields a later version
     * appends (a WAKE BATCH with paired broadcasts is version 3). The frame is written with at least this version.
     */
    default int minVersion() {
        return 1;
    }

    void write(PayloadWriter out);

    static String requireText(String value, String field, int maxBytes) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        if (value.length() > maxBytes || value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > maxBytes) {
            throw new IllegalArgumentException(field + " is longer than " + maxBytes + " bytes");
        }
        return value;
    }

    static <T> T require(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }
}
