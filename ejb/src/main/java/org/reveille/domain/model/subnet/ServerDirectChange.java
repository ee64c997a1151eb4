package org.reveille.domain.model.subnet;

import java.util.ArrayList;
import java.util.List;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;
import org.reveille.net.Cidr;

/** A request to set a subnet's server-direct mode: both fields checked, every bad one named. */
public record ServerDirectChange(Cidr subnet, ServerDirect serverDirect) {

    public static ServerDirectChange of(String subnet, String serverDirect) {
        List<Violation> violations = new ArrayList<>();
        Cidr cidr = SubnetPairing.parse(subnet, "subnet", violations);
        ServerDirect mode = null;
        try {
            mode = ServerDirect.parse(serverDirect, "serverDirect");
        } catch (InvalidInputException e) {
            violations.addAll(e.violations());
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("The subnet policy is not valid", violations);
        }
        return new ServerDirectChange(cidr, mode);
    }
}
