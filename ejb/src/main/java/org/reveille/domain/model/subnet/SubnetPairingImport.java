package org.reveille.domain.model.subnet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;
import org.reveille.net.Cidr;

/**
 * Pairs imported at once for a large estate (docs/api.md, "Paired subnets"): rows of (subnet, paired subnet), as many
 * rows per subnet as it has pairs. All or nothing: every bad row is named ({@code row <n>}, the line of the file) and
 * none is applied; each subnet the rows name gets exactly the pairs they give it, in row order.
 */
public final class SubnetPairingImport {

    /** Most rows one import takes: hundreds of pairs are the expected case, this keeps one transaction sane. */
    public static final int MAX_ROWS = 10_000;

    /** One row: its line in the file (1-based), the subnet and the paired subnet as written. */
    public record Row(int line, String subnet, String paired) {
    }

    private SubnetPairingImport() {
    }

    /** The pairings the rows give, by subnet in the order of their first row; or every problem, by row. */
    public static List<SubnetPairing> of(List<Row> rows) {
        List<Violation> violations = new ArrayList<>();
        if (rows.isEmpty()) {
            throw new InvalidInputException("rows", "no rows: a CSV file of subnet,paired lines is expected");
        }
        if (rows.size() > MAX_ROWS) {
            throw new InvalidInputException("rows", "at most " + MAX_ROWS + " rows in one import, not " + rows.size());
        }
        Map<Cidr, List<Cidr>> pairs = new LinkedHashMap<>();
        for (Row row : rows) {
            String field = "row " + row.line();
            List<Violation> own = new ArrayList<>();
            Cidr subnet = SubnetPairing.parse(row.subnet(), field + " subnet", own);
            Cidr paired = SubnetPairing.parse(row.paired(), field + " paired", own);
            if (!own.isEmpty()) {
                violations.addAll(own);
                continue;
            }
            List<Cidr> before = pairs.computeIfAbsent(subnet, k -> new ArrayList<>());
            List<Cidr> with = new ArrayList<>(before);
            with.add(paired);
            // the rules of the subnet's list, reported against this row when it is the one that breaks them
            for (Violation v : SubnetPairing.check(subnet, with, "paired")) {
                if (v.field().equals("paired[" + before.size() + "]") || v.field().equals("paired") && before.size() >= SubnetPairing.MAX_PAIRED) {
                    violations.add(new Violation(field, subnet + ": " + v.message()));
                }
            }
            before.add(paired);
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations.size() + " row problem(s); nothing was imported", violations);
        }
        List<SubnetPairing> pairings = new ArrayList<>(pairs.size());
        pairs.forEach((subnet, paired) -> pairings.add(new SubnetPairing(subnet, paired)));
        return pairings;
    }
}
