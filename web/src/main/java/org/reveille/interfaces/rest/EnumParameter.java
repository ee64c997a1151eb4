package org.reveille.interfaces.rest;

import java.util.Locale;
import org.reveille.domain.model.InvalidInputException;

/** A query parameter naming an enum constant case-insensitively (state=healthy); blank means "any". */
public final class EnumParameter {

    private EnumParameter() {
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "unknown " + field + " '" + text + "'");
        }
    }
}
