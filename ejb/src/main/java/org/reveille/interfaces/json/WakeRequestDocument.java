package org.reveille.interfaces.json;

import java.util.List;
import org.reveille.domain.model.wake.WakeRequest;

/** The body of POST /api/wake and of a bulk wake JMS message (docs/api.md, "Wake"). */
public record WakeRequestDocument(List<String> names, List<String> resourceIds, List<String> collections, List<String> macs,
                                  Boolean verify, String notBefore, String password) implements RequestDocument<WakeRequest> {

    @Override
    public WakeRequest toCommand() {
        return WakeRequest.of(names, resourceIds, collections, macs, verify, notBefore, password);
    }
}
