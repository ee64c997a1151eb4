package org.reveille.application;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.reveille.domain.model.settings.Settings;
import org.reveille.net.Ipv4Address;

/**
 * The configured probe of a machine (settings probeMethod, pingCount, pingTimeoutMillis): an ICMP echo where the
 * server may send one (else the JDK falls back to the TCP echo port), or a connection to the agent port. Used by
 * discovery to build its list of live machines and by wake verification to see a woken machine come up.
 */
public final class Reachability {

    private Reachability() {
    }

    public static boolean answers(Ipv4Address address, Settings settings) {
        int timeout = (int) settings.pingTimeout().toMillis();
        for (int i = 0; i < settings.pingCount(); i++) {
            try {
                if (settings.probeByTcp()) {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(address.toInetAddress(), settings.agentPort()), timeout);
                        return true;
                    }
                }
                if (address.toInetAddress().isReachable(timeout)) {
                    return true;
                }
            } catch (IOException e) {
                // no answer to this probe
            }
        }
        return false;
    }
}
