package org.reveille.interfaces.json;

import org.reveille.domain.model.subnet.ServerDirectChange;

/**
 * The body of PUT /api/subnet-policies (docs/api.md, "Subnet policies"):
 * {@code {"subnet": "10.20.5.0/24", "serverDirect": "when-no-agent"}}.
 */
public record SubnetPolicyDocument(String subnet, String serverDirect) implements RequestDocument<ServerDirectChange> {

    @Override
    public ServerDirectChange toCommand() {
        return ServerDirectChange.of(subnet, serverDirect);
    }
}
