package org.reveille.net;

/**
 * Thrown when text cannot be parsed as an address, network or range. The message always quotes the rejected
 * input and says why, because it usually ends up in a REST problem detail or in an agent's log.
 */
public final class InvalidAddressException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String input;
    private final String reason;

    public InvalidAddressException(String kind, String input, String reason) {
        super("Invalid " + kind + " '" + input + "': " + reason);
        this.input = input;
        this.reason = reason;
    }

    /** The text that was rejected, exactly as given (may be null). */
    public String input() {
        return input;
    }

    /** Why it was rejected, without the input. */
    public String reason() {
        return reason;
    }
}
