package org.reveille.agent;

import java.time.Clock;
import java.util.List;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.protocol.Registration;
import org.reveille.protocol.WireRole;

/**
 * Run by {@link InterfaceIpv6LinkTest} inside a network namespace it made: finds the IPv6 link of the interface holding
 * {@code args[0]} as the agent does ({@link WakeExecutor#open}) and prints its name and prefixes. Sends nothing.
 */
public final class InterfaceIpv6LinkCheck {

    private InterfaceIpv6LinkCheck() {
    }

    public static void main(String[] args) throws Exception {
        Ipv4Address address = Ipv4Address.parse(args[0]);
        AgentConfig config = AgentConfig.builder("PC-CHECK", address, Ipv4Address.parse("255.255.255.0"),
                MacAddress.parse("02:00:5e:10:00:18")).build();
        try (WakeExecutor wakes = new WakeExecutor(config, Clock.systemUTC())) {
            wakes.open();
            Ipv6Link link = wakes.link();
            if (link == null) {
                System.out.println("NO LINK");
                return;
            }
            List<?> prefixes = link.prefixes();
            System.out.println("LINK " + link.name());
            System.out.println("PREFIXES " + prefixes.stream().map(String::valueOf).sorted().toList());
            new Registration("PC-CHECK", List.of(address), Ipv4Address.parse("255.255.255.0"), config.mac, 1776,
                    WireRole.MEMBER, WireRole.MEMBER, 4, false, link.prefixes());
            System.out.println("REGISTRATION ACCEPTS THEM");
        }
    }
}
