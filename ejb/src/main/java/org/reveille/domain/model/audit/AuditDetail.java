package org.reveille.domain.model.audit;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The detail of an audit entry: named values (text, numbers, booleans, lists, nested details) written as one JSON
 * object of at most {@link AuditEvent#MAX_DETAIL} characters. Lists are cut to their first {@link #LISTED} elements
 * (the entry then says how many there were), and a detail still too long is replaced by its beginning as text with
 * {@code "cut": true}: an audit entry never stops the change it records.
 */
public final class AuditDetail {

    /** How many elements of a list a detail keeps (a wake request of 100,000 names keeps its first 20 and its count). */
    public static final int LISTED = 20;

    private final Map<String, Object> values = new LinkedHashMap<>();

    public static AuditDetail of() {
        return new AuditDetail();
    }

    public AuditDetail with(String name, Object value) {
        if (value instanceof Collection<?> list && list.size() > LISTED) {
            values.put(name, list.stream().limit(LISTED).toList());   // a copy of the first ones only
            values.put(name + "Count", list.size());
        } else if (value != null) {
            values.put(name, value instanceof Collection<?> list ? List.copyOf(list) : value);
        }
        return this;
    }

    /** The JSON object, cut to {@link AuditEvent#MAX_DETAIL} characters as described above. */
    public String json() {
        StringBuilder out = new StringBuilder();
        write(values, out);
        if (out.length() <= AuditEvent.MAX_DETAIL) {
            return out.toString();
        }
        int end = AuditEvent.MAX_DETAIL / 2;
        if (Character.isHighSurrogate(out.charAt(end - 1))) {
            end--;   // never half a character
        }
        Map<String, Object> cutDetail = new LinkedHashMap<>();
        cutDetail.put("cut", true);
        cutDetail.put("beginning", out.substring(0, end));
        StringBuilder cut = new StringBuilder();
        write(cutDetail, cut);
        return cut.toString();
    }

    @Override
    public String toString() {
        return json();
    }

    private static void write(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                string(String.valueOf(e.getKey()), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof AuditDetail detail) {
            write(detail.values, out);
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object element : list) {
                out.append(first ? "" : ",");
                first = false;
                write(element, out);
            }
            out.append(']');
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value == null) {
            out.append("null");
        } else {
            string(value.toString(), out);
        }
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
