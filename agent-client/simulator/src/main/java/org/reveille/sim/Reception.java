package org.reveille.sim;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.wol.SecureOnPassword;

/** What one sleeping machine has received so far: how many magic packets, when, from whom, with what password. */
public final class Reception {

    private final MacAddress mac;
    private int packets;
    private long firstAtMillis;
    private long lastAtMillis;
    private InetAddress lastSource;
    private SecureOnPassword lastPassword;

    Reception(MacAddress mac) {
        this.mac = mac;
    }

    synchronized void record(long atMillis, InetAddress source, SecureOnPassword password) {
        if (packets == 0) {
            firstAtMillis = atMillis;
        }
        packets++;
        lastAtMillis = atMillis;
        lastSource = source;
        lastPassword = password;
    }

    public MacAddress mac() {
        return mac;
    }

    public synchronized int packets() {
        return packets;
    }

    public synchronized long firstAtMillis() {
        return firstAtMillis;
    }

    public synchronized long lastAtMillis() {
        return lastAtMillis;
    }

    /** The IPv4 address the last packet came from: the agent that sent it; null when it came over IPv6. */
    public synchronized Ipv4Address lastSource() {
        return lastSource instanceof Inet4Address ? Ipv4Address.of(lastSource) : null;
    }

    /** The address the last packet came from, IPv4 or IPv6 ({@code ::1} for the fleet's simulated IPv6 links). */
    public synchronized InetAddress lastSourceAddress() {
        return lastSource;
    }

    /** The SecureOn password of the last packet, or null. */
    public synchronized SecureOnPassword lastPassword() {
        return lastPassword;
    }
}
