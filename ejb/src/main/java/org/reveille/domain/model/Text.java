package org.reveille.domain.model;

/**
 * The rules every text a client sends must keep, wherever it comes from (a JSON body, a query or path parameter, a
 * JMS message): no control characters (U+0000-U+001F, U+007F-U+009F; PostgreSQL cannot store U+0000 at all, and the
 * others have no place in a name, an id or a description) and no unpaired UTF-16 surrogate (not Unicode: a database
 * would store it as '?'). Lengths are counted in characters (Unicode code points), as PostgreSQL's varchar counts them,
 * so 200 emoji fit a 255-character limit.
 */
public final class Text {

    private Text() {
    }

    /** Why the text cannot be accepted, or null when it can. */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f && c <= 0x9f) {
                return String.format("must not contain control characters (U+%04X at character %d)", (int) c,
                        text.codePointCount(0, i) + 1);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must be valid Unicode (unpaired surrogate at character " + (text.codePointCount(0, i) + 1) + ")";
            }
        }
        return null;
    }

    /** The length in characters (code points), not UTF-16 units. */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /**
     * Why a resource id cannot be accepted, or null. A resource id is read back as one path segment
     * (GET /api/machines/{resourceId}): '/' and the segments "." and ".." could never be read back.
     */
    public static String resourceIdProblem(String id) {
        if (id.indexOf('/') >= 0 || id.equals(".") || id.equals("..")) {
            return "a resource id must not contain '/' nor be '.' or '..' (it is read back as /api/machines/{resourceId})";
        }
        return null;
    }
}
