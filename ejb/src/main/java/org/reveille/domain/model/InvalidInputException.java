package org.reveille.domain.model;

import java.util.List;
import java.util.stream.Collectors;

/** Input that breaks a rule; carries every violation found, so that a client can fix all of them at once. */
public class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final transient List<Violation> violations;

    public InvalidInputException(String summary, List<Violation> violations) {
        super(summary);
        this.violations = List.copyOf(violations);
    }

    public InvalidInputException(String field, String message) {
        this(message, List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }

    /** The summary followed by the first few violations, for log lines. */
    public String describe() {
        String first = violations.stream().limit(5)
                .map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; "));
        return getMessage() + (first.isEmpty() ? "" : " [" + first + (violations.size() > 5 ? "; ..." : "") + "]");
    }
}
