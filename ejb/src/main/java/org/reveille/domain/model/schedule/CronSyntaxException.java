package org.reveille.domain.model.schedule;

/**
 * A cron expression that cannot be parsed. The message reads {@code "position N: <field> <what is wrong>"}, where N is
 * the 1-based index of the offending character in the text as given (leading whitespace included).
 */
public final class CronSyntaxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int position;

    /**
     * @param position 1-based character index into the original text
     * @param problem  what is wrong, naming the field
     */
    public CronSyntaxException(int position, String problem) {
        super("position " + position + ": " + problem);
        this.position = position;
    }

    /** The 1-based character index into the original text where the problem is. */
    public int position() {
        return position;
    }
}
