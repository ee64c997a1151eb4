package org.reveille.interfaces.rest;

import java.util.ArrayList;
import java.util.List;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;

/** offset/limit query parameters, validated the same way on every list endpoint. */
public record Paging(int offset, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public static Paging of(Integer offset, Integer limit) {
        int o = offset == null ? 0 : offset;
        int l = limit == null ? DEFAULT_LIMIT : limit;
        List<Violation> violations = new ArrayList<>();
        if (o < 0) {
            violations.add(new Violation("offset", "must be 0 or more"));
        }
        if (l < 1 || l > MAX_LIMIT) {
            violations.add(new Violation("limit", "must be from 1 to " + MAX_LIMIT));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("Invalid paging parameters", violations);
        }
        return new Paging(o, l);
    }
}
