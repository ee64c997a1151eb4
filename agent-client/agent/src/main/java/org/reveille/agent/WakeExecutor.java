package org.reveille.agent;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.reveille.protocol.TargetResult;
import org.reveille.protocol.WakeBatch;
import org.reveille.protocol.BatchTarget;
import org.reveille.wol.LinkMulticastSender;
import org.reveille.wol.MagicPacket;
import org.reveille.wol.MagicPacketSender;
import org.reveille.wol.WakeDelivery;

/**
 * Turns a wake batch into magic packets on the agent's subnet (and, where the agent has an IPv6 link, to
 * ff02::1 on it: docs/network.md, "IPv6"), and to the directed-broadcast address of each paired subnet the batch names
 * (docs/network.md, "Paired subnets"), skipping (job, MAC) pairs already executed. A target
 * is sent when any of its paths took the packets; its result says which paired ones did, and whether the link did when
 * the batch asked (docs/protocol.md, "Version 4").
 */
final class WakeExecutor implements Closeable {

    private static final System.Logger LOG = System.getLogger(WakeExecutor.class.getName());

    private final AgentConfig config;
    private final WakeDeduplicator deduplicator;
    private final AtomicLong packetsSent = new AtomicLong();
    private MagicPacketSender sender;
    /** ff02::1 on the agent's IPv6 link; null on an IPv4-only link or with --ipv6 off. */
    private Ipv6Link link;

    WakeExecutor(AgentConfig config, Clock clock) {
        this.config = config;
        this.deduplicator = new WakeDeduplicator(clock, config.dedupeWindow, 100_000);
    }

    void open() throws IOException {
        sender = MagicPacketSender.open(config.address);
        if (!config.ipv6) {
            return;
        }
        link = config.ipv6Link != null ? config.ipv6Link : LinkMulticastSender.linkOf(config.address).map(nif -> {
            try {
                return (Ipv6Link) InterfaceIpv6Link.open(nif);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Magic packets go to IPv4 only: the IPv6 link of " + nif.getName()
                        + " cannot be used (" + e.getMessage() + ")");
                return null;
            }
        }).orElse(null);
        if (link != null) {
            LOG.log(System.Logger.Level.INFO, "Magic packets also go to ff02::1 on the IPv6 link of " + link.name());
        }
    }

    /** The agent's IPv6 link; null on an IPv4-only link or with --ipv6 off. */
    Ipv6Link link() {
        return link;
    }

    List<TargetResult> execute(WakeBatch batch) {
        int port = batch.port() != 0 ? batch.port() : config.wolPort;
        int repeat = batch.repeat() != 0 ? batch.repeat() : config.wolRepeat;
        WakeDelivery subnet = WakeDelivery.toBroadcast(config.broadcast).port(port).repeat(repeat);
        List<WakeDelivery> paired = batch.pairedBroadcasts().stream()
                .map(address -> WakeDelivery.toBroadcast(address).port(port).repeat(repeat)).toList();
        List<TargetResult> results = new ArrayList<>(batch.targets().size());
        synchronized (this) {
            for (BatchTarget target : batch.targets()) {
                if (!deduplicator.firstTime(batch.jobId(), target.mac())) {
                    results.add(new TargetResult(target.mac(), TargetResult.Outcome.DUPLICATE, 0,
                            "already executed for this job"));
                    continue;
                }
                results.add(send(target, subnet, paired, batch.link()));
            }
        }
        return results;
    }

    /**
     * Sends on the own subnet, to ff02::1 on the link (whether the batch asks or not: older servers never ask), then to
     * each paired broadcast; failed only when no path took the packets. {@code linkSent} is reported only when the
     * batch asked ({@code reportLink}, docs/protocol.md "Version 4").
     */
    private TargetResult send(BatchTarget target, WakeDelivery subnet, List<WakeDelivery> paired, boolean reportLink) {
        MagicPacket packet = MagicPacket.of(target.mac(), target.password());
        int datagrams = 0;
        int pairedSent = 0;
        boolean linkSent = false;
        String failure = null;
        try {
            datagrams += sender.send(packet, subnet.alsoUnicastTo(target.lastKnownIp()));
        } catch (IOException e) {
            failure = String.valueOf(e.getMessage());
        }
        if (link != null) {
            try {
                int sent = link.send(packet, subnet.port(), subnet.repeat());
                datagrams += sent;
                linkSent = sent > 0;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "ff02::1 on " + link.name() + " for " + target.mac() + " not sent: " + e.getMessage());
                failure = failure == null ? "ff02::1 on " + link.name() + ": " + e.getMessage() : failure;
            }
        }
        for (int i = 0; i < paired.size(); i++) {
            try {
                datagrams += sender.send(packet, paired.get(i));
                pairedSent |= 1 << i;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Paired subnet broadcast " + paired.get(i).broadcast() + " for "
                        + target.mac() + " not sent: " + e.getMessage());
                failure = failure == null ? "paired " + paired.get(i).broadcast() + ": " + e.getMessage() : failure;
            }
        }
        packetsSent.addAndGet(datagrams);
        if (datagrams == 0) {
            return TargetResult.failed(target.mac(), String.valueOf(failure));
        }
        return TargetResult.sent(target.mac(), datagrams, pairedSent, reportLink && linkSent);
    }

    long packetsSent() {
        return packetsSent.get();
    }

    @Override
    public void close() throws IOException {
        try {
            Ipv6Link owned = link != null ? link : config.ipv6Link;   // a given link is the agent's, used or not
            if (owned != null) {
                owned.close();
            }
        } finally {
            if (sender != null) {
                sender.close();
            }
        }
    }
}
