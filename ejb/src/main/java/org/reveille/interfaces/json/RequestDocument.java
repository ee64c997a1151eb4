package org.reveille.interfaces.json;

/**
 * A request body as a typed record (docs/api.md, "Errors"): read by the strict JSON reader, checked member by member
 * by {@link RequestBinder} (unknown members and wrong types named by their JSON path), then bound by JSON-B.
 *
 * @param <C> the plain Java command the domain receives
 */
public interface RequestDocument<C> {

    /** The command, validated by the domain; a bad value is an InvalidInputException naming its JSON path. */
    C toCommand();
}
