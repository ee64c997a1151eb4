package org.reveille.agent;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The servers of one Reveille cluster an agent knows, in the administrator's order ({@code --server a:1777,b:1777}),
 * and the one it talks to now. The agent stays with a server while it answers; when it stops answering, the agent moves
 * to the next (after the last, the first again), and stays there: no return to the first while the next answers, so
 * that a flapping server does not move every agent back and forth (docs/protocol.md, "Several servers").
 */
final class ServerList {

    private final List<InetSocketAddress> servers;
    private int current;

    /** @param servers at least one, unresolved or not; kept unresolved, resolved at each use (DNS may change) */
    ServerList(List<InetSocketAddress> servers) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("at least one server");
        }
        this.servers = new ArrayList<>(servers.stream().map(ServerList::unresolved).toList());
    }

    synchronized InetSocketAddress current() {
        return servers.get(current);
    }

    synchronized int size() {
        return servers.size();
    }

    /**
     * The server to use after {@code failed} did not answer: the next one if {@code failed} is still the current one,
     * else the current one (another exchange has moved on already).
     */
    synchronized InetSocketAddress next(InetSocketAddress failed) {
        if (servers.get(current).equals(unresolved(failed))) {
            current = (current + 1) % servers.size();
        }
        return servers.get(current);
    }

    /** A server asked this agent to register with {@code server} (REGISTER REQUEST): it becomes the current one. */
    synchronized void moveTo(InetSocketAddress server) {
        InetSocketAddress key = unresolved(server);
        int index = servers.indexOf(key);
        if (index < 0) {
            servers.add(key);
            index = servers.size() - 1;
        }
        current = index;
    }

    /** host:port of a server as administrators write it. */
    static String label(InetSocketAddress server) {
        return server.getHostString() + ":" + server.getPort();
    }

    private static InetSocketAddress unresolved(InetSocketAddress address) {
        return InetSocketAddress.createUnresolved(address.getHostString(), address.getPort());
    }
}
