package org.reveille.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * What every sleeping machine of the fleet received: machine-readable ({@link #toJson()}) and as a one-line
 * summary. A snapshot; packets arriving later are not in it.
 */
public final class FleetReport {

    /** One sleeping machine and what reached it (packets 0 when nothing did). */
    public record Entry(SimulatedMachine machine, int packets, long firstAtMillis, long lastAtMillis, String from,
            boolean secureOn) {
    }

    private final int subnets;
    private final int agentsRunning;
    private final List<Entry> entries;
    private final long packets;
    private final long invalidDatagrams;

    FleetReport(int subnets, int agentsRunning, List<Entry> entries, long packets, long invalidDatagrams) {
        this.subnets = subnets;
        this.agentsRunning = agentsRunning;
        this.entries = List.copyOf(entries);
        this.packets = packets;
        this.invalidDatagrams = invalidDatagrams;
    }

    static FleetReport of(List<SimulatedSubnet> subnets) {
        List<Entry> entries = new ArrayList<>();
        long packets = 0;
        long invalid = 0;
        int agents = 0;
        for (SimulatedSubnet subnet : subnets) {
            packets += subnet.segment().packets();
            invalid += subnet.segment().invalidDatagrams();
            agents += subnet.agents.size();
            for (SimulatedMachine machine : subnet.machines(SimulatedMachine.Kind.SLEEPING)) {
                Reception r = subnet.segment().receptionOf(machine.mac());
                entries.add(r == null ? new Entry(machine, 0, 0, 0, "", false)
                        : new Entry(machine, r.packets(), r.firstAtMillis(), r.lastAtMillis(),
                                r.lastSource() == null ? "" : r.lastSource().toString(), r.lastPassword() != null));
            }
        }
        return new FleetReport(subnets.size(), agents, entries, packets, invalid);
    }

    public List<Entry> entries() {
        return entries;
    }

    public long woken() {
        return entries.stream().filter(e -> e.packets() > 0).count();
    }

    public long packets() {
        return packets;
    }

    public String summary() {
        return "subnets=" + subnets + " agentsRunning=" + agentsRunning + " sleepingMachines=" + entries.size()
                + " woken=" + woken() + " packets=" + packets + " invalidDatagrams=" + invalidDatagrams;
    }

    public String toJson() {
        StringBuilder json = new StringBuilder(entries.size() * 150 + 200);
        json.append("{\"subnets\":").append(subnets).append(",\"agentsRunning\":").append(agentsRunning)
                .append(",\"sleepingMachines\":").append(entries.size()).append(",\"woken\":").append(woken())
                .append(",\"packets\":").append(packets).append(",\"invalidDatagrams\":").append(invalidDatagrams)
                .append(",\"machines\":[");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            json.append(i == 0 ? "" : ",").append("{\"name\":").append(InventoryJson.string(e.machine().name()))
                    .append(",\"mac\":\"").append(e.machine().mac()).append("\",\"ip\":\"").append(e.machine().ip())
                    .append("\",\"packets\":").append(e.packets()).append(",\"firstAtMillis\":").append(e.firstAtMillis())
                    .append(",\"lastAtMillis\":").append(e.lastAtMillis()).append(",\"from\":\"").append(e.from())
                    .append("\",\"secureOn\":").append(e.secureOn()).append('}');
        }
        return json.append("]}").toString();
    }
}
