package org.reveille.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hands out chassis in a fixed repeating order matching the weights, so a fleet is the same on every run. */
final class ChassisCycle {

    private final List<SimulatedChassis> order = new ArrayList<>();
    private int next;

    ChassisCycle(Map<SimulatedChassis, Integer> weights) {
        int max = weights.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        // Interleave (W, L, S, W, L, W, ...) rather than blocks, so small subnets still get a mix.
        for (int round = 0; round < max; round++) {
            for (Map.Entry<SimulatedChassis, Integer> entry : weights.entrySet()) {
                if (round < entry.getValue()) {
                    order.add(entry.getKey());
                }
            }
        }
    }

    SimulatedChassis next() {
        SimulatedChassis chassis = order.get(next);
        next = (next + 1) % order.size();
        return chassis;
    }
}
