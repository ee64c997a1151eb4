package org.reveille.sim;

import org.reveille.net.Ipv4Address;
import org.reveille.net.MacAddress;
import org.reveille.wol.SecureOnPassword;

/** What one sleeping machine has received so far: how many magic packets, when, from whom, with what password. */
public final class Reception {

    private final MacAddress mac;
    private int packets;
    private long firstAtMillis;
    private long lastAtMillis;
    private Ipv4Address lastSource;
    private SecureOnPassword lastPassword;

    Reception(MacAddress mac) {
        this.mac = mac;
    }

    synchronized void record(long atMillis, Ipv4Address source, SecureOnPassword password) {
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

    /** The address the last packet came from: the agent that sent it. */
    public synchronized Ipv4Address lastSource() {
        return lastSource;
    }

    /** The SecureOn password of the last packet, or null. */
    public synchronized SecureOnPassword lastPassword() {
        return lastPassword;
    }
}
