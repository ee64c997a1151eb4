package org.reveille.interfaces.json;

import java.util.List;

/** The body of PUT /api/collections/{name}: {@code {"members": [resource ids]}} (docs/api.md, "Collections"). */
public record CollectionMembersDocument(List<String> members) implements RequestDocument<List<String>> {

    /** The members as sent; the resource checks each one (the name of the collection is a path parameter). */
    @Override
    public List<String> toCommand() {
        return members;
    }
}
