package org.reveille.interfaces.rest;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import java.util.function.Function;
import org.reveille.application.Page;

/** The one envelope of every paged list (docs/api.md, "Paging"): items, total, offset, limit. */
@JsonbPropertyOrder({"items", "total", "offset", "limit"})
public record PageRepresentation<T>(List<T> items, long total, int offset, int limit) {

    /** The page of representations of a page of values. */
    public static <V, T> PageRepresentation<T> of(Page<V> page, Function<? super V, ? extends T> assembler) {
        return new PageRepresentation<>(page.items().stream().<T>map(assembler).toList(), page.total(), page.offset(), page.limit());
    }
}
