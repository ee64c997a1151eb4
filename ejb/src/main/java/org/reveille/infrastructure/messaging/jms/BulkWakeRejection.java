package org.reveille.infrastructure.messaging.jms;

import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.UUID;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;
import org.reveille.interfaces.json.Jsonp;

/**
 * Why a bulk wake message was refused, in the words POST /api/wake would use: the same problem types, titles and
 * {@code errors} list, so an integrator reads one format on both channels. The error id ties the reply, the
 * dead-letter copy and the log line (REVEILLE00008) together.
 */
record BulkWakeRejection(int status, String type, String title, String detail, List<Violation> violations, String errorId) {

    private static final String TYPE_BASE = "https://reveille.dev/problems/";

    static BulkWakeRejection notText(String messageType) {
        return new BulkWakeRejection(415, "unsupported-message-type", "Unsupported message type",
                "A bulk wake request is a TextMessage whose body is the JSON of POST /api/wake; this was a " + messageType,
                List.of(), newErrorId());
    }

    static BulkWakeRejection tooLarge(long bytes, long limit) {
        return new BulkWakeRejection(413, "request-too-large", "Request too large",
                "The message body is " + bytes + " bytes of UTF-8, over the limit of " + limit
                        + " (reveille.api.max-request-bytes, as for REST): send smaller batches", List.of(), newErrorId());
    }

    static BulkWakeRejection malformedJson(String parserMessage) {
        return new BulkWakeRejection(400, "malformed-json", "Malformed JSON",
                "The message body is not valid JSON: " + parserMessage, List.of(), newErrorId());
    }

    static BulkWakeRejection invalid(InvalidInputException e) {
        return new BulkWakeRejection(400, "invalid-input", "Invalid input", e.getMessage(), e.violations(), newErrorId());
    }

    /** Refused as POST /api/wake would refuse it with 409 (a maintenance window that refuses, a notBefore too far ahead). */
    static BulkWakeRejection refused(String why) {
        return new BulkWakeRejection(409, "conflict", "Conflict", why, List.of(), newErrorId());
    }

    /** The reason recorded on the dead-letter copy and in the log: the detail and the first violations. */
    String reason() {
        if (violations.isEmpty()) {
            return detail;
        }
        StringBuilder reason = new StringBuilder(detail).append(" [");
        violations.stream().limit(5).forEach(v -> reason.append(v.field()).append(": ").append(v.message()).append("; "));
        reason.setLength(reason.length() - 2);
        return reason.append(violations.size() > 5 ? "; ...]" : "]").toString();
    }

    /** The problem document (RFC 9457 members as REST answers them) sent to JMSReplyTo. */
    String problemJson() {
        JsonObjectBuilder problem = Jsonp.object()
                .add("type", TYPE_BASE + type)
                .add("title", title)
                .add("status", status)
                .add("errorId", errorId)
                .add("detail", detail);
        if (!violations.isEmpty()) {
            problem.add("errors", Jsonp.errors(violations));
        }
        return problem.build().toString();
    }

    private static String newErrorId() {
        return UUID.randomUUID().toString();
    }
}
