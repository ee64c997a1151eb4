package org.reveille.interfaces.json;

import org.reveille.domain.model.InvalidInputException;
import org.reveille.net.Cidr;
import org.reveille.net.InvalidAddressException;

/** The body of POST /api/subnets (docs/api.md, "Agent list"): {@code {"subnet": "10.20.5.0/24"}}. */
public record SubnetDocument(String subnet) implements RequestDocument<Cidr> {

    @Override
    public Cidr toCommand() {
        if (subnet == null) {
            throw new InvalidInputException("subnet", "the body must be {\"subnet\": \"10.20.5.0/24\"}");
        }
        try {
            return Cidr.parse(subnet);
        } catch (InvalidAddressException e) {
            throw new InvalidInputException("subnet", e.getMessage());
        }
    }
}
