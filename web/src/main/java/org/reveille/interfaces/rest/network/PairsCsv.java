package org.reveille.interfaces.rest.network;

import java.util.ArrayList;
import java.util.List;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;
import org.reveille.domain.model.subnet.SubnetPairingImport.Row;

/**
 * Reads the CSV of POST /api/subnet-pairs/import (docs/api.md, "Paired subnets"): one {@code subnet,paired} pair per
 * line; an optional header line {@code subnet,paired}; blank lines and lines starting with {@code #} are skipped; a
 * field may be quoted. Rows keep their line number, so that every problem names the line to fix.
 */
final class PairsCsv {

    private PairsCsv() {
    }

    static List<Row> rows(String text) {
        List<Row> rows = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        String[] lines = (text == null ? "" : text).split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int line = i + 1;
            String content = i == 0 && lines[i].startsWith("\uFEFF") ? lines[i].substring(1) : lines[i];
            String trimmed = content.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split(",", -1);
            if (fields.length != 2) {
                violations.add(new Violation("row " + line, "expected two fields, subnet,paired; found " + fields.length));
                continue;
            }
            String subnet = unquote(fields[0]);
            String paired = unquote(fields[1]);
            if (rows.isEmpty() && violations.isEmpty() && subnet.equalsIgnoreCase("subnet") && paired.equalsIgnoreCase("paired")) {
                continue;   // the header
            }
            rows.add(new Row(line, subnet, paired));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations.size() + " row problem(s); nothing was imported", violations);
        }
        return rows;
    }

    private static String unquote(String field) {
        String value = field.strip();
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1).strip() : value;
    }
}
