package org.reveille.interfaces.rest;

import java.util.Arrays;
import java.util.stream.Collectors;

/** CSV as the exports write it (docs/api.md): RFC 4180, UTF-8, CRLF line ends, formula-safe fields. */
public final class Csv {

    public static final String MEDIA_TYPE = "text/csv";

    private Csv() {
    }

    /**
     * A CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled; and, so that a
     * spreadsheet never runs it as a formula, a field starting with =, +, -, @, tab or CR gets a leading apostrophe.
     */
    public static String field(String value) {
        if (value == null) {
            return "";
        }
        String text = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    /** One record: the fields, each made safe, and the line end. */
    public static String line(String... fields) {
        return Arrays.stream(fields).map(Csv::field).collect(Collectors.joining(",")) + "\r\n";
    }
}
