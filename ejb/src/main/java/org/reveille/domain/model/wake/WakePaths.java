package org.reveille.domain.model.wake;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.reveille.net.Cidr;
import org.reveille.net.IpAddress;
import org.reveille.net.Ipv4Address;
import org.reveille.net.Ipv6Address;

/**
 * The ways a target's magic packets went when it was handed over (docs/network.md): the broadcast of its own subnet
 * and, for a subnet with paired (802.1X unauthenticated) subnets, each paired subnet's directed broadcast, sent by the
 * same agent; for a subnet whose link has IPv6, the link's all-nodes multicast address ff02::1, by the same agent
 * ("IPv6"); a path that was not taken says why (the agent speaks an older protocol, or could not send to it).
 * Stored with the target as text ({@link #text()}, at most {@value #MAX_TEXT} characters), read back by {@link #parse}.
 */
public record WakePaths(List<Path> paths) {

    /** Room for the own subnet and 8 pairs, each with a note, by an agent and by the server. */
    public static final int MAX_TEXT = 2000;

    /** What a path is. */
    public enum Kind {
        /** The broadcast of the target's own subnet, by its agent. */
        SUBNET,
        /** A paired subnet's directed broadcast, by the same agent. */
        PAIRED,
        /** The target's own subnet's directed broadcast, by the server itself (docs/network.md, "Server-direct broadcast"). */
        SERVER,
        /** A paired subnet's directed broadcast, by the server itself. */
        SERVER_PAIRED,
        /** The all-nodes multicast address ff02::1 of the subnet's IPv6 link, by its agent (docs/network.md, "IPv6"). */
        LINK;

        /** subnet, paired, server, server-paired, link. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        static Kind of(String word) {
            return valueOf(word.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }

    /** One path: where the packets were to go, and, when they did not, why ({@code notSent}, null when sent). */
    public record Path(Kind kind, IpAddress address, String notSent) {

        public Path {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(address, "address");
            if (kind == Kind.LINK != address instanceof Ipv6Address) {
                throw new IllegalArgumentException("a " + kind.word() + " path goes to an " + (kind == Kind.LINK ? "IPv6" : "IPv4")
                        + " address, not " + address);
            }
            if (notSent != null && (notSent.isBlank() || notSent.contains(SEPARATOR.strip()) || notSent.contains(")"))) {
                throw new IllegalArgumentException("a path's note must be a non-blank text without ';' or ')': " + notSent);
            }
        }

        public boolean sent() {
            return notSent == null;
        }

        String text() {
            return kind.word() + " " + address + (notSent == null ? "" : " (not sent: " + notSent + ")");
        }
    }

    private static final String SEPARATOR = "; ";

    public WakePaths {
        paths = List.copyOf(paths);
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("a target handed over took at least its own subnet's path");
        }
    }

    /**
     * The paths of a hand-over to an agent speaking {@code agentProtocol}: the subnet's broadcast, and each paired
     * broadcast when the agent reads them (protocol {@code pairedSince} or later), else each recorded as not sent.
     */
    public static WakePaths handedOver(Cidr subnet, List<Ipv4Address> pairedBroadcasts, int agentProtocol, int pairedSince) {
        return handedOver(subnet, pairedBroadcasts, agentProtocol, pairedSince, false, Integer.MAX_VALUE);
    }

    /**
     * As {@link #handedOver(Cidr, List, int, int)}, and, when the subnet's link has IPv6 ({@code ipv6}), its ff02::1
     * when the agent reads the request for it (protocol {@code linkSince} or later), else recorded as not sent.
     */
    public static WakePaths handedOver(Cidr subnet, List<Ipv4Address> pairedBroadcasts, int agentProtocol, int pairedSince,
                                       boolean ipv6, int linkSince) {
        List<Path> paths = new ArrayList<>(2 + pairedBroadcasts.size());
        paths.add(new Path(Kind.SUBNET, subnet.broadcastAddress(), null));
        String notSent = agentProtocol >= pairedSince ? null
                : "the agent speaks protocol " + agentProtocol + ", paired subnets need " + pairedSince;
        pairedBroadcasts.forEach(b -> paths.add(new Path(Kind.PAIRED, b, notSent)));
        if (ipv6) {
            paths.add(new Path(Kind.LINK, Ipv6Address.ALL_NODES, agentProtocol >= linkSince ? null
                    : "the agent speaks protocol " + agentProtocol + ", IPv6 links need " + linkSince));
        }
        return new WakePaths(paths);
    }

    /**
     * The paths of packets the server sent itself: its subnet's broadcast and each paired broadcast, each sent unless
     * {@code notSent} names it (address → why).
     */
    public static WakePaths direct(Cidr subnet, List<Ipv4Address> pairedBroadcasts, java.util.Map<Ipv4Address, String> notSent) {
        List<Path> paths = new ArrayList<>(1 + pairedBroadcasts.size());
        paths.add(new Path(Kind.SERVER, subnet.broadcastAddress(), note(notSent.get(subnet.broadcastAddress()))));
        pairedBroadcasts.forEach(b -> paths.add(new Path(Kind.SERVER_PAIRED, b, note(notSent.get(b)))));
        return new WakePaths(paths);
    }

    /** A send error as a path's note: one line, without the separators of the stored text. */
    private static String note(String error) {
        if (error == null) {
            return null;
        }
        String note = error.replace(';', ',').replace(')', ']').replace('(', '[').replaceAll("\\s+", " ").strip();
        return note.isEmpty() ? "the send failed" : note.length() > 60 ? note.substring(0, 57) + "..." : note;
    }

    /** Whether any path took the packets. */
    public boolean anySent() {
        return paths.stream().anyMatch(Path::sent);
    }

    /** These paths and then {@code more}'s (an agent's and the server's own, for the same hand-over). */
    public WakePaths plus(WakePaths more) {
        List<Path> all = new ArrayList<>(paths);
        all.addAll(more.paths);
        return new WakePaths(all);
    }

    /** The paired broadcasts handed to the agent, in the batch's order (bit i of an agent's result is the i-th). */
    public List<Ipv4Address> pairedSentToAgent() {
        return paths.stream().filter(p -> p.kind() == Kind.PAIRED && p.sent()).map(p -> (Ipv4Address) p.address()).toList();
    }

    /** Whether the agent is asked for its IPv6 link's ff02::1 (a version-4 WAKE BATCH). */
    public boolean linkAskedOfAgent() {
        return paths.stream().anyMatch(p -> p.kind() == Kind.LINK && p.sent());
    }

    /** As {@link #reported(int, boolean)} for an agent asked for no IPv6 link. */
    public WakePaths reported(int pairedSent) {
        return reported(pairedSent, false);
    }

    /**
     * These paths after the agent reported which of the paired broadcasts handed to it took the packets: bit i of
     * {@code pairedSent} for the i-th of {@link #pairedSentToAgent()}; the others are marked not sent. A link path asked
     * of it is marked not sent unless {@code linkSent} (the agent has no usable IPv6 link, or the send failed).
     */
    public WakePaths reported(int pairedSent, boolean linkSent) {
        List<Path> reported = new ArrayList<>(paths.size());
        int bit = 0;
        for (Path path : paths) {
            if (path.kind() == Kind.PAIRED && path.sent()) {
                boolean took = (pairedSent >>> bit++ & 1) != 0;
                reported.add(took ? path : new Path(Kind.PAIRED, path.address(), "the agent could not send to it"));
            } else if (path.kind() == Kind.LINK && path.sent() && !linkSent) {
                reported.add(new Path(Kind.LINK, path.address(), "the agent has no IPv6 link it could send on"));
            } else {
                reported.add(path);
            }
        }
        return new WakePaths(reported);
    }

    /** The stored form: "subnet 127.1.2.255; paired 127.1.3.255; paired 127.1.4.255 (not sent: why); link ff02::1". */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (Path path : paths) {
            text.append(text.length() == 0 ? "" : SEPARATOR).append(path.text());
        }
        if (text.length() > MAX_TEXT) {
            throw new IllegalStateException("paths take more than " + MAX_TEXT + " characters: " + text);
        }
        return text.toString();
    }

    /** The paths of {@link #text()}; null for null (a target never handed over). */
    public static WakePaths parse(String text) {
        if (text == null) {
            return null;
        }
        List<Path> paths = new ArrayList<>();
        for (String entry : text.split(SEPARATOR.strip())) {
            String item = entry.strip();
            int space = item.indexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("not a wake path: " + item);
            }
            Kind kind = Kind.of(item.substring(0, space));
            String rest = item.substring(space + 1);
            String notSent = null;
            int note = rest.indexOf(" (not sent: ");
            if (note >= 0) {
                if (!rest.endsWith(")")) {
                    throw new IllegalArgumentException("not a wake path: " + item);
                }
                notSent = rest.substring(note + " (not sent: ".length(), rest.length() - 1);
                rest = rest.substring(0, note);
            }
            paths.add(new Path(kind, IpAddress.parse(rest), notSent));
        }
        return new WakePaths(paths);
    }
}
