package org.reveille.domain.model.subnet;

import java.util.ArrayList;
import java.util.List;
import org.reveille.domain.model.InvalidInputException;
import org.reveille.domain.model.Violation;
import org.reveille.net.Cidr;
import org.reveille.net.InvalidAddressException;
import org.reveille.net.Ipv4Address;

/**
 * A subnet of the agent list and the unauthenticated (802.1X guest or auth-fail) subnets paired with it
 * (docs/network.md, "Paired subnets"): a wake of a target on {@code subnet} is also sent, by the same agent, to the
 * directed-broadcast address of each paired subnet. At most {@link #MAX_PAIRED} (the wire's limit), each a /8 to /30
 * (a /31 or /32 has no broadcast address to send to), distinct, overlapping neither {@code subnet} nor each other.
 */
public record SubnetPairing(Cidr subnet, List<Cidr> paired) {

    /** The wire's limit (WakeBatch.MAX_PAIRED, docs/protocol.md "Version 3"); SubnetPairingTest keeps them equal. */
    public static final int MAX_PAIRED = 8;
    static final int SHORTEST_PREFIX = 8;
    static final int LONGEST_PREFIX = 30;

    public SubnetPairing {
        paired = List.copyOf(paired);
        List<Violation> violations = check(subnet, paired, "paired");
        if (!violations.isEmpty()) {
            throw new InvalidInputException("The paired subnets of " + subnet + " are not valid", violations);
        }
    }

    /** From the API's text: {@code subnet} and each paired CIDR; every problem named by its field. */
    public static SubnetPairing of(String subnet, List<String> paired) {
        List<Violation> violations = new ArrayList<>();
        Cidr network = parse(subnet, "subnet", violations);
        List<Cidr> networks = new ArrayList<>();
        if (paired == null) {
            violations.add(new Violation("paired", "required: a list of subnets (CIDR), empty to remove every pair"));
        } else {
            for (int i = 0; i < paired.size(); i++) {
                Cidr one = parse(paired.get(i), "paired[" + i + "]", violations);
                if (one != null) {
                    networks.add(one);
                }
            }
        }
        if (violations.isEmpty()) {
            violations.addAll(check(network, networks, "paired"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("The paired subnets are not valid", violations);
        }
        return new SubnetPairing(network, networks);
    }

    /** The directed-broadcast addresses the agents send to, in the order of {@link #paired()}. */
    public List<Ipv4Address> broadcasts() {
        return paired.stream().map(Cidr::broadcastAddress).toList();
    }

    static Cidr parse(String text, String field, List<Violation> violations) {
        if (text == null || text.isBlank()) {
            violations.add(new Violation(field, "required: a subnet in CIDR form, e.g. 10.20.5.0/24"));
            return null;
        }
        try {
            return Cidr.parse(text.strip());
        } catch (InvalidAddressException e) {
            violations.add(new Violation(field, e.getMessage()));
            return null;
        }
    }

    /** The rules between a subnet and its pairs; {@code field} names the list, {@code field[i]} its entries. */
    static List<Violation> check(Cidr subnet, List<Cidr> paired, String field) {
        List<Violation> violations = new ArrayList<>();
        if (subnet == null) {
            violations.add(new Violation("subnet", "required"));
            return violations;
        }
        if (paired.size() > MAX_PAIRED) {
            violations.add(new Violation(field, "at most " + MAX_PAIRED + " paired subnets, not " + paired.size()));
        }
        for (int i = 0; i < paired.size(); i++) {
            Cidr one = paired.get(i);
            String at = field + "[" + i + "]";
            if (one.prefixLength() < SHORTEST_PREFIX || one.prefixLength() > LONGEST_PREFIX) {
                violations.add(new Violation(at, one + ": a paired subnet is a /" + SHORTEST_PREFIX + " to a /" + LONGEST_PREFIX
                        + " (a directed broadcast needs a broadcast address of its own)"));
            }
            if (one.overlaps(subnet)) {
                violations.add(new Violation(at, one + " overlaps " + subnet + " itself: pair it with another subnet (its unauthenticated VLAN)"));
            }
            for (int j = 0; j < i; j++) {
                if (one.overlaps(paired.get(j))) {
                    violations.add(new Violation(at, one + (one.equals(paired.get(j)) ? " is named twice" : " overlaps " + paired.get(j))));
                }
            }
        }
        return violations;
    }
}
