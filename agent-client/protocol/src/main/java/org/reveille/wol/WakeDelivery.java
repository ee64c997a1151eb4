package org.reveille.wol;

import java.util.Objects;
import org.reveille.net.Cidr;
import org.reveille.net.Ipv4Address;

/**
 * Where and how often a magic packet is sent: to a subnet-directed broadcast address on a UDP port, a number of
 * times (packets get lost and cost nothing), and optionally once more per repeat by unicast to the machine's
 * last known IP, which helps where a switch still has the MAC in its table.
 */
public final class WakeDelivery {

    public static final int DEFAULT_PORT = 9;
    public static final int MAX_REPEAT = 16;

    private final Ipv4Address broadcast;
    private final int port;
    private final int repeat;
    private final Ipv4Address unicast;

    private WakeDelivery(Ipv4Address broadcast, int port, int repeat, Ipv4Address unicast) {
        this.broadcast = Objects.requireNonNull(broadcast, "broadcast");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("UDP port must be 1-65535, not " + port);
        }
        if (repeat < 1 || repeat > MAX_REPEAT) {
            throw new IllegalArgumentException("repeat count must be 1-" + MAX_REPEAT + ", not " + repeat);
        }
        this.port = port;
        this.repeat = repeat;
        this.unicast = unicast;
    }

    /** Broadcast on the subnet of {@code agentAddress} under {@code mask}: the usual agent case. */
    public static WakeDelivery toSubnetOf(Ipv4Address agentAddress, Ipv4Address mask) {
        return toBroadcast(Cidr.containing(agentAddress, mask).broadcastAddress());
    }

    public static WakeDelivery toSubnet(Cidr subnet) {
        return toBroadcast(subnet.broadcastAddress());
    }

    public static WakeDelivery toBroadcast(Ipv4Address broadcast) {
        return new WakeDelivery(broadcast, DEFAULT_PORT, 1, null);
    }

    public WakeDelivery port(int newPort) {
        return new WakeDelivery(broadcast, newPort, repeat, unicast);
    }

    public WakeDelivery repeat(int times) {
        return new WakeDelivery(broadcast, port, times, unicast);
    }

    /** Also send by unicast to {@code lastKnownIp}; null means broadcast only. */
    public WakeDelivery alsoUnicastTo(Ipv4Address lastKnownIp) {
        return new WakeDelivery(broadcast, port, repeat, lastKnownIp);
    }

    public Ipv4Address broadcast() {
        return broadcast;
    }

    public int port() {
        return port;
    }

    public int repeat() {
        return repeat;
    }

    /** The extra unicast destination, or null. */
    public Ipv4Address unicast() {
        return unicast;
    }

    /** Datagrams one send puts on the wire. */
    public int datagramsPerSend() {
        return unicast == null ? repeat : repeat * 2;
    }

    @Override
    public String toString() {
        return broadcast + ":" + port + " x" + repeat + (unicast == null ? "" : " + unicast " + unicast);
    }
}
