package org.reveille.interfaces.json;

import java.util.List;
import org.reveille.domain.model.subnet.SubnetPairing;

/**
 * The body of PUT /api/subnet-pairs (docs/api.md, "Paired subnets"):
 * {@code {"subnet": "10.20.5.0/24", "paired": ["10.120.5.0/24"]}}; an empty {@code paired} removes every pair.
 */
public record SubnetPairsDocument(String subnet, List<String> paired) implements RequestDocument<SubnetPairing> {

    @Override
    public SubnetPairing toCommand() {
        return SubnetPairing.of(subnet, paired);
    }
}
